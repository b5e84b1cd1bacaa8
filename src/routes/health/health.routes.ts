import { createRoute, z } from '@hono/zod-openapi';

const dependency = z
  .object({
    ok: z.boolean(),
    latency_ms: z.number().openapi({ example: 12 }),
    error: z.string().optional().openapi({ example: 'The database is unreachable' }),
  })
  .openapi('DependencyHealth');

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: dependency,
    stream: dependency,
  })
  .openapi('Health');

export const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Reachability and latency of the database and Stream',
  responses: {
    200: {
      description: 'Both dependencies answer',
      content: { 'application/json': { schema: healthSchema } },
    },
    503: {
      description: 'A dependency is down',
      content: { 'application/json': { schema: healthSchema } },
    },
  },
});

export type HealthRoute = typeof health;
