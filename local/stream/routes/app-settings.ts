/**
 * `GET /app` (GetApp) and `PATCH /app` (UpdateApp): app settings, incl. multi-tenancy and the
 * webhook / before-send hook settings (../webhooks/settings.ts).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { appGrants } from '../access';
import { parseWith, readJsonBody } from '../body';
import { allChannelConfigs } from '../channel-types';
import { clientSideApp } from '../client-app';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { isKnownAppPermission, KNOWN_ROLES } from '../grants';
import { operation } from '../operation';
import {
  changedHookSettings,
  HOOK_SETTING_KEYS,
  hookSettingsShape,
  presentHookSettings,
} from '../webhooks/settings';
import { respond } from '../wire';

const updateAppSchema = z.looseObject({
  multi_tenant_enabled: z.boolean().optional(),
  revoke_tokens_issued_before: z.iso.datetime({ offset: true }).nullish(),
  // `.app` scope grants: only the roles named change, each list replaced whole.
  grants: z.record(z.string(), z.array(z.string())).optional(),
  ...hookSettingsShape,
});

const MODELLED = new Set([
  'multi_tenant_enabled',
  'revoke_tokens_issued_before',
  'grants',
  ...HOOK_SETTING_KEYS,
]);

function assertAppGrants(grants: Record<string, string[]>): void {
  for (const [role, ids] of Object.entries(grants)) {
    if (!KNOWN_ROLES.has(role)) throw inputError(`role "${role}" does not exist`);
    for (const id of ids) {
      if (!isKnownAppPermission(id))
        throw inputError(`permission "${id}" does not exist in scope .app`);
    }
  }
}

export function registerAppRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.get('/app', operation('GetApp', deps), clientSideApp(store), (c) =>
    respond(c, {
      app: {
        name: 'stream-emulator',
        organization: 'local',
        permission_version: 'v2',
        disable_auth_checks: false,
        disable_permissions_checks: false,
        auto_translation_enabled: false,
        async_url_enrich_enabled: false,
        custom_action_handler_url: '',
        enforce_unique_usernames: 'no',
        suspended: false,
        channel_configs: allChannelConfigs(store),
        // Other settings set through PATCH /app are echoed back as they were sent.
        ...store.app.extra,
        ...presentHookSettings(store),
        multi_tenant_enabled: store.app.multi_tenant_enabled,
        grants: appGrants(store),
        ...(store.app.revoke_tokens_issued_before
          ? { revoke_tokens_issued_before: store.app.revoke_tokens_issued_before }
          : {}),
      },
    }),
  );

  app.patch('/app', operation('UpdateApp', deps), async (c) => {
    const body = parseWith(updateAppSchema, await readJsonBody(c));
    const { multi_tenant_enabled, revoke_tokens_issued_before, grants } = body;
    if (grants) assertAppGrants(grants);
    const hooks = changedHookSettings(store, body);
    // Settings the emulator does not model are kept and echoed back.
    const rest = Object.fromEntries(Object.entries(body).filter(([key]) => !MODELLED.has(key)));
    store.updateApp((settings) => {
      if (hooks) settings.hooks = hooks;
      if (grants) settings.grants = { ...settings.grants, ...structuredClone(grants) };
      if (multi_tenant_enabled !== undefined) settings.multi_tenant_enabled = multi_tenant_enabled;
      // RevokeTokens (https://getstream.io/chat/docs/node/tokens_and_authentication/): a date
      // revokes every older token; null undoes it.
      if (revoke_tokens_issued_before === null) delete settings.revoke_tokens_issued_before;
      else if (revoke_tokens_issued_before !== undefined) {
        settings.revoke_tokens_issued_before = revoke_tokens_issued_before;
      }
      settings.extra = { ...settings.extra, ...rest };
    });
    return respond(c, {});
  });
}
