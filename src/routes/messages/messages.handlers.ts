import { tenantPrincipal } from '../../http/auth';
import { requestServices } from '../../http/request-services';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import { deleteMessage } from '../../services/message-deletion';
import * as messages from '../../services/messages';
import type * as routes from './messages.routes';

export const send: AppRouteHandler<typeof routes.send> = async (c) => {
  const principal = tenantPrincipal(c.get('principal'));
  const { stream_id, text } = c.req.valid('json');
  const { message, replayed } = await messages.sendMessage(requestServices(c), principal, {
    streamId: stream_id,
    text,
    idempotencyKey: c.req.valid('header')['idempotency-key'],
  });
  return replayed ? c.json({ message }, 200) : c.json({ message }, 201);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const reader = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  const { limit, before } = c.req.valid('query');
  return c.json(
    await messages.listMessages(servicesFor(c.env), reader, {
      streamId: stream_id,
      limit,
      before,
    }),
    200,
  );
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { message_id } = c.req.valid('param');
  const { hard } = c.req.valid('query');
  await deleteMessage(requestServices(c), tenantPrincipal(c.get('principal')), message_id, {
    hard,
  });
  return c.body(null, 204);
};
