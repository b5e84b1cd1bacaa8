import * as z from 'zod';
import { defineRoute, lazySchema } from '../../http/routes';
import { errorResponses } from '../common.schemas';

const dependency = lazySchema(() =>
  z
    .object({
      ok: z.boolean(),
      latency_ms: z.number().meta({ example: 12 }),
      error: z.string().optional().meta({ example: 'The database is unreachable' }),
    })
    .meta({ id: 'DependencyHealth' }),
);

const setup = lazySchema(() =>
  z
    .object({
      current: z.boolean().meta({
        description:
          'Whether the Stream app is set up as `npm run stream:setup` would leave it for this API (app level: webhook and before-send URLs pointing here, the events, app-scope grants, multi-tenancy)',
      }),
      differences: z
        .array(z.string())
        .meta({ example: ['webhook_url: (none) → https://api.example.com/webhooks/stream'] }),
    })
    .meta({ id: 'StreamSetupHealth' }),
);

export const healthSchema = lazySchema(() =>
  z
    .object({
      status: z.enum(['ok', 'degraded']),
      database: dependency(),
      stream: dependency().extend({ setup: setup().optional() }),
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
