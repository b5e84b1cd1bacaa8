import { tenantPrincipal } from '../../http/auth';
import { requestServices } from '../../http/request-services';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import * as accountDeletion from '../../services/account-deletion';
import * as accountEmail from '../../services/account-email';
import * as blocks from '../../services/blocks';
import * as dataExport from '../../services/data-export';
import * as account from '../../services/own-account';
import * as sessions from '../../services/sessions';
import { deviceOf } from '../auth/auth.handlers';
import type * as routes from './me.routes';

export const get: AppRouteHandler<typeof routes.get> = async (c) =>
  c.json(await account.getMe(servicesFor(c.env), c.get('principal').userId), 200);

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { name } = c.req.valid('json');
  return c.json(await account.rename(requestServices(c), c.get('principal').userId, name), 200);
};

export const changePassword: AppRouteHandler<typeof routes.changePassword> = async (c) => {
  const { current_password, new_password } = c.req.valid('json');
  const pair = await account.changePassword(
    requestServices(c),
    c.get('principal'),
    { currentPassword: current_password, newPassword: new_password },
    deviceOf(c),
  );
  return c.json(pair, 200);
};

export const deleteAccount: AppRouteHandler<typeof routes.deleteAccount> = async (c) => {
  const { password } = c.req.valid('json');
  await accountDeletion.deleteAccount(requestServices(c), c.get('principal').userId, password);
  return c.body(null, 204);
};

export const exportData: AppRouteHandler<typeof routes.exportData> = async (c) =>
  c.json(await dataExport.exportData(servicesFor(c.env), c.get('principal').userId), 200);

export const changeEmail: AppRouteHandler<typeof routes.changeEmail> = async (c) => {
  const { new_email, password } = c.req.valid('json');
  const result = await accountEmail.requestEmailChange(
    requestServices(c),
    c.get('principal').userId,
    { newEmail: new_email, password },
  );
  return c.json(result, 202);
};

export const listSessions: AppRouteHandler<typeof routes.listSessions> = async (c) =>
  c.json({ sessions: await sessions.listSessions(servicesFor(c.env), c.get('principal')) }, 200);

export const removeSession: AppRouteHandler<typeof routes.removeSession> = async (c) => {
  await sessions.removeSession(requestServices(c), c.get('principal'), c.req.valid('param').id);
  return c.body(null, 204);
};

export const removeAllSessions: AppRouteHandler<typeof routes.removeAllSessions> = async (c) => {
  await sessions.logoutEverywhere(requestServices(c), c.get('principal'));
  return c.body(null, 204);
};

export const createBlock: AppRouteHandler<typeof routes.createBlock> = async (c) => {
  const { user_id } = c.req.valid('json');
  const block = await blocks.block(
    requestServices(c),
    tenantPrincipal(c.get('principal')),
    user_id,
  );
  return c.json({ block }, 201);
};

export const listBlocks: AppRouteHandler<typeof routes.listBlocks> = async (c) =>
  c.json({ blocks: await blocks.listBlocks(servicesFor(c.env), c.get('principal').userId) }, 200);

export const removeBlock: AppRouteHandler<typeof routes.removeBlock> = async (c) => {
  const { user_id } = c.req.valid('param');
  await blocks.unblock(requestServices(c), c.get('principal').userId, user_id);
  return c.body(null, 204);
};
