import type { Context } from 'hono';
import { requestServices } from '../../http/request-services';
import type { AppEnv, AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import * as accountEmail from '../../services/account-email';
import * as passwordReset from '../../services/password-reset';
import * as sessions from '../../services/sessions';
import * as signIn from '../../services/sign-in';
import type * as routes from './auth.routes';

/** The device a sign-in comes from, for the sessions list. */
export const deviceOf = (c: Context<AppEnv>, label?: string): sessions.Device => ({
  label,
  userAgent: c.req.header('user-agent'),
});

export const register: AppRouteHandler<routes.RegisterRoute> = async (c) => {
  const { device_label, ...input } = c.req.valid('json');
  const result = await signIn.register(requestServices(c), input, deviceOf(c, device_label));
  return c.json(result, 201);
};

export const login: AppRouteHandler<routes.LoginRoute> = async (c) => {
  const { email, password, tenant_id, device_label, device_token } = c.req.valid('json');
  const result = await signIn.login(
    requestServices(c),
    { email, password, tenantId: tenant_id, deviceToken: device_token },
    deviceOf(c, device_label),
  );
  return c.json(result, 200);
};

export const refresh: AppRouteHandler<typeof routes.refresh> = async (c) => {
  const { refresh_token, tenant_id } = c.req.valid('json');
  const result = await sessions.refresh(requestServices(c), {
    refreshToken: refresh_token,
    tenantId: tenant_id,
  });
  return c.json(result, 200);
};

export const logout: AppRouteHandler<typeof routes.logout> = async (c) => {
  await sessions.logout(requestServices(c), c.get('principal'));
  return c.body(null, 204);
};

export const verifyEmail: AppRouteHandler<typeof routes.verifyEmail> = async (c) =>
  c.json(await accountEmail.verifyEmail(servicesFor(c.env), c.req.valid('json').token), 200);

export const resendVerification: AppRouteHandler<typeof routes.resendVerification> = async (c) =>
  c.json(await accountEmail.resendVerification(requestServices(c), c.get('principal').userId), 202);

export const forgotPassword: AppRouteHandler<typeof routes.forgotPassword> = async (c) =>
  c.json(await passwordReset.forgotPassword(requestServices(c), c.req.valid('json').email), 202);

export const resetPassword: AppRouteHandler<typeof routes.resetPassword> = async (c) => {
  const { token, new_password } = c.req.valid('json');
  const result = await passwordReset.resetPassword(
    requestServices(c),
    { token, newPassword: new_password },
    deviceOf(c),
  );
  return c.json(result, 200);
};
