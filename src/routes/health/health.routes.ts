import * as z from 'zod';
import { defineRoute, lazySchema } from '../../http/routes';
import { errorResponses } from '../common.schemas';

const dependency = lazySchema(() =>
  z
    .object({
      ok: z.boolean().meta({ description: 'Whether it answered the check' }),
      latency_ms: z.number().meta({ description: 'How long the check took', example: 12 }),
      error: z.string().optional().meta({
        description: 'Why the check failed (only when `ok` is false)',
        example: 'The database is unreachable',
      }),
    })
    .meta({ id: 'DependencyHealth', description: 'One dependency: the database or Stream' }),
);

const setup = lazySchema(() =>
  z
    .object({
      current: z.boolean().meta({
        description:
          'Whether the Stream app is set up as `npm run stream:setup` would leave it for this API (app level: webhook and before-send URLs pointing here, the events, app-scope grants, multi-tenancy)',
      }),
      differences: z.array(z.string()).meta({
        description: 'What differs from that setup, one line per setting (empty when current)',
        example: ['webhook_url: (none) → https://api.example.com/webhooks/stream'],
      }),
    })
    .meta({
      id: 'StreamSetupHealth',
      description: "Whether the Stream app's settings are what this API needs",
    }),
);

export const healthSchema = lazySchema(() =>
  z
    .object({
      status: z.enum(['ok', 'degraded']).meta({
        description: '`ok` when both dependencies answer, else `degraded` (status 503)',
      }),
      database: dependency(),
      stream: dependency()
        .extend({
          setup: setup().optional(),
        })
        .meta({ description: 'Stream, and whether its app is set up for this API' }),
      checked_at: z.iso.datetime().meta({
        description: 'When the dependencies were checked; a result is served for up to 5 s',
      }),
    })
    .meta({ id: 'Health' }),
);

export const health = defineRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Reachability and latency of the database and Stream',
  description:
    'Each isolate checks the database and Stream at most once every 5 seconds and answers from that result. `fresh=true` asks for a new check; those are rate-limited (a few per minute for everyone).',
  request: () => ({
    query: z.object({
      fresh: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true')
        .meta({ description: 'Check now instead of answering from a result up to 5 s old' }),
    }),
  }),
  responses: () => ({
    200: {
      description: 'Both dependencies answer',
      content: { 'application/json': { schema: healthSchema() } },
    },
    503: {
      description: 'A dependency is down',
      content: { 'application/json': { schema: healthSchema() } },
    },
    ...errorResponses(400, 429),
  }),
});

export type HealthRoute = typeof health;
