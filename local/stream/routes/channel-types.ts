/**
 * Channel types (server token only, https://getstream.io/chat/docs/node/chat_permission_policies/;
 * shapes from the chat OpenAPI):
 *   GET /channeltypes          ListChannelTypes   {channel_types: {name: ChannelTypeConfig}}
 *   GET /channeltypes/{name}   GetChannelType     ChannelTypeConfig (+ grants, permissions)
 *   PUT /channeltypes/{name}   UpdateChannelType  `grants` replaces the named roles' lists,
 *                              `grants: null` resets them; listed flags are set; `blocklist` +
 *                              `blocklist_behavior` and `blocklists` attach word lists
 *                              (../blocklists.ts; `blocklist: ""` and `blocklists: []` detach).
 * Creating and deleting channel types is not emulated (the built-in types are fixed).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertAttachable } from '../blocklists';
import { parseWith, readJsonBody } from '../body';
import { builtInTypes, channelConfig, isKnownChannelType, TYPE_FLAG_NAMES } from '../channel-types';
import { nowTimestamp } from '../clock';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { ErrorCode, inputError, StreamError } from '../errors';
import { isKnownPermission, KNOWN_ROLES } from '../grants';
import { operation } from '../operation';
import { typeGrants } from '../permissions';
import type { StreamStore } from '../store';
import { respond } from '../wire';

const flagFields = Object.fromEntries(
  TYPE_FLAG_NAMES.map((name) => [name, z.boolean().optional()]),
);

/**
 * `max_message_length`, `automod` and `automod_behavior` are required by the OpenAPI request
 * schema; the emulator requires them too (so a setup that works here also works on Stream) but
 * only accepts their current values, as it does not model changing them.
 */
const behaviorSchema = z.enum(['flag', 'block', 'shadow_block']);
const updateSchema = z.looseObject({
  max_message_length: z.number().int(),
  automod: z.string(),
  automod_behavior: z.string(),
  grants: z.record(z.string(), z.array(z.string())).nullable().optional(),
  blocklist: z.string().optional(),
  blocklist_behavior: behaviorSchema.optional(),
  blocklists: z
    .array(z.object({ blocklist: z.string().min(1), behavior: behaviorSchema }))
    .optional(),
  ...flagFields,
});
const MODELLED_KEYS = new Set(['grants', ...Object.keys(updateSchema.shape)]);

function channelTypeNotFound(name: string): StreamError {
  return new StreamError(404, ErrorCode.DoesNotExist, `channel type "${name}" does not exist`);
}

/** ChannelTypeConfig: the channel config plus its grants; v1 `permissions` policies are empty. */
function channelTypeConfig(store: StreamStore, name: string): Record<string, unknown> {
  return { ...channelConfig(store, name), grants: typeGrants(store, name), permissions: [] };
}

function assertGrants(grants: Record<string, string[]>): void {
  for (const [role, ids] of Object.entries(grants)) {
    if (!KNOWN_ROLES.has(role)) throw inputError(`role "${role}" does not exist`);
    for (const id of ids) {
      // `!id` revokes only in channel-level config_overrides (type level is unsure).
      if (id.startsWith('!')) {
        throw inputError(`"${id}": revoking with "!" is only possible in channel config_overrides`);
      }
      if (!isKnownPermission(id)) throw inputError(`permission "${id}" does not exist`);
    }
  }
}

export function registerChannelTypeRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.get('/channeltypes', operation('ListChannelTypes', deps), (c) =>
    respond(c, {
      channel_types: Object.fromEntries(
        builtInTypes().map((name) => [name, channelTypeConfig(store, name)]),
      ),
    }),
  );

  app.get('/channeltypes/:name', operation('GetChannelType', deps), (c) => {
    const name = c.req.param('name');
    if (!isKnownChannelType(name)) throw channelTypeNotFound(name);
    return respond(c, channelTypeConfig(store, name));
  });

  app.put('/channeltypes/:name', operation('UpdateChannelType', deps), async (c) => {
    const name = c.req.param('name');
    if (!isKnownChannelType(name)) throw channelTypeNotFound(name);
    const raw = await readJsonBody(c);
    const body = parseWith(updateSchema, raw);
    const current = channelConfig(store, name);
    for (const key of ['max_message_length', 'automod', 'automod_behavior'] as const) {
      if (body[key] !== current[key]) {
        throw inputError(`changing ${key} is not supported by the local Stream emulator`);
      }
    }
    for (const key of Object.keys(raw)) {
      if (!MODELLED_KEYS.has(key)) {
        throw inputError(`${key} is not supported by the local Stream emulator`);
      }
    }
    if (body.grants) assertGrants(body.grants);
    const moderation = {
      ...store.channelTypes.get(name)?.moderation,
      ...(body.blocklist !== undefined ? { blocklist: body.blocklist } : {}),
      ...(body.blocklist_behavior ? { blocklist_behavior: body.blocklist_behavior } : {}),
      ...(body.blocklists ? { blocklists: body.blocklists } : {}),
    };
    if (moderation.blocklist === '') {
      delete moderation.blocklist;
      delete moderation.blocklist_behavior;
    }
    assertAttachable(store, moderation);

    const state = store.channelTypes.get(name) ?? { grants: {}, settings: {}, updated_at: '' };
    state.moderation = moderation;
    // Only the roles named change, each list replaced whole; null resets the type.
    state.grants = body.grants === null ? {} : { ...state.grants, ...structuredClone(body.grants) };
    for (const flag of TYPE_FLAG_NAMES) {
      const value = body[flag];
      if (typeof value === 'boolean') state.settings[flag] = value;
    }
    state.updated_at = nowTimestamp();
    store.setChannelType(name, state);
    return respond(c, channelTypeConfig(store, name), 201);
  });
}
