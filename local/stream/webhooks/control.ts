/**
 * The hook record on the local control surface (not Stream's API):
 *   GET    /__control/webhooks[?event_type=]  {deliveries}: newest first, each with its
 *          attempts (status or error, duration) and outcome (pending, delivered, failed,
 *          cancelled) and the payload sent
 *   DELETE /__control/webhooks                clears that record
 *   GET    /__control/before-send             {calls}: newest first, each with its outcome
 *          (accepted, modified, rejected, failed_open), status or error, request and answer
 *   DELETE /__control/before-send             clears that record
 */
import { Hono } from 'hono';
import type { Hooks } from './hooks';

export function hookControlRoutes(hooks: Hooks): Hono {
  return new Hono()
    .get('/webhooks', (c) => {
      const type = c.req.query('event_type');
      const deliveries = hooks.deliveries
        .list()
        .filter((entry) => type === undefined || entry.event_type === type);
      return c.json({ deliveries });
    })
    .delete('/webhooks', (c) => {
      hooks.deliveries.clear();
      return c.json({ ok: true });
    })
    .get('/before-send', (c) => c.json({ calls: hooks.beforeSendCalls.list() }))
    .delete('/before-send', (c) => {
      hooks.beforeSendCalls.clear();
      return c.json({ ok: true });
    });
}
