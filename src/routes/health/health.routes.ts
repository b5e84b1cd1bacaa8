import * as z from 'zod';
import { defineRoute, lazySchema } from '../../http/routes';

const dependency = lazySchema(() =>
  z
    .object({
      ok: z.boolean(),
      latency_ms: z.number().meta({ example: 12 }),
      error: z.string().optional().meta({ example: 'The database is unreachable' }),
    })
    .meta({ id: 'DependencyHealth' }),
);

export const healthSchema = lazySchema(() =>
  z
    .object({
      status: z.enum(['ok', 'degraded']),
      database: dependency(),
      stream: dependency(),
    })
    .meta({ id: 'Health' }),
);

export const health = defineRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Reachability and latency of the database and Stream',
  responses: () => ({
    200: {
      description: 'Both dependencies answer',
      content: { 'application/json': { schema: healthSchema() } },
    },
    503: {
      description: 'A dependency is down',
      content: { 'application/json': { schema: healthSchema() } },
    },
  }),
});

export type HealthRoute = typeof health;
