/**
 * `POST /users/{id}/event` SendUserCustomEvent {event: {type, ...}}
 * (`client.sendUserCustomEvent(id, event)`; https://getstream.io/chat/docs/node/custom_events/,
 * "To a user"): delivered to every connection of that user and, as a custom event, to the
 * webhooks. "Only available with server-side authentication"; an unknown user answers 404 and a
 * type containing "." answers 400 ("a character used for built-in events"), as the page states
 * (wording ours).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { operation } from '../operation';
import { userOrFail } from '../users';
import { respond } from '../wire';

const userEventSchema = z.looseObject({
  event: z.looseObject({ type: z.string().min(1) }),
});

export function registerUserCustomEventRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/users/:id/event', operation('SendUserCustomEvent', deps), async (c) => {
    const { event } = parseWith(userEventSchema, await readJsonBody(c));
    const user = userOrFail(store, c.req.param('id'));
    if (event.type.includes('.')) {
      throw inputError(
        `event type "${event.type}" must not contain "." (reserved for built-in events)`,
      );
    }
    store.emit({ type: 'user.custom', userId: user.id, event });
    return respond(c, {}, 201);
  });
}
