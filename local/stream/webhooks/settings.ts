/**
 * The hook settings of `PATCH /app` and `GET /app`
 * (https://getstream.io/chat/docs/node/webhooks_overview/, Stream's OpenAPI `UpdateAppRequest`
 * and `EventHook`, https://github.com/GetStream/protocol/blob/main/openapi/chat-openapi.json):
 *
 * - legacy `webhook_url` + `webhook_events` (empty or absent = all events);
 * - `event_hooks`, which replaces the whole list ("hooks left out are deleted"); only
 *   `hook_type: "webhook"` is emulated, `sqs`, `sns` and `pending_message` are refused. The
 *   SDK's `explicit_event_hooks_deletion` flag is accepted and changes nothing (the list is
 *   replaced either way); an entry with `delete: true` is left out;
 * - `before_message_send_hook_url` and `before_message_send_hook_attempt_timeout_ms` (0 = 1500 ms,
 *   1..5000, anything else refused, https://getstream.io/chat/docs/node/before_message_send_webhook/);
 * - `enable_hook_payload_compression` (OpenAPI), and `webhook_compression_algorithm: "gzip" | ""`,
 *   the name some of Stream's SDKs use for the same switch (not in the OpenAPI document).
 */
import { z } from 'zod';
import { nowTimestamp } from '../clock';
import { inputError } from '../errors';
import { LIMITS } from '../limits';
import type { EventHookRecord, HookSettings, StreamStore } from '../store';

const eventHookInputSchema = z.looseObject({
  id: z.string().optional(),
  hook_type: z.string().optional(),
  enabled: z.boolean().optional(),
  webhook_url: z.string().optional(),
  event_types: z.array(z.string()).nullish(),
  product: z.string().optional(),
  should_send_custom_events: z.boolean().optional(),
  delete: z.boolean().optional(),
});

/** The hook fields of UpdateApp; the route merges it into its own schema. */
export const hookSettingsShape = {
  webhook_url: z.string().optional(),
  webhook_events: z.array(z.string()).nullish(),
  event_hooks: z.array(eventHookInputSchema).nullish(),
  explicit_event_hooks_deletion: z.boolean().optional(),
  before_message_send_hook_url: z.string().optional(),
  before_message_send_hook_attempt_timeout_ms: z.number().int().optional(),
  enable_hook_payload_compression: z.boolean().optional(),
  webhook_compression_algorithm: z.string().nullish(),
};

type HookInput = {
  [K in keyof typeof hookSettingsShape]?: z.output<(typeof hookSettingsShape)[K]>;
};

export const HOOK_SETTING_KEYS = Object.keys(hookSettingsShape);

const DEFAULTS: HookSettings = {
  webhook_url: '',
  webhook_events: [],
  event_hooks: [],
  before_message_send_hook_url: '',
  before_message_send_hook_attempt_timeout_ms: 0,
  enable_hook_payload_compression: false,
};

export function hookSettings(store: StreamStore): HookSettings {
  return store.app.hooks ?? DEFAULTS;
}

/** "" turns a hook off; anything else must be an http(s) URL (wording ours). */
function assertHookUrl(field: string, value: string): void {
  if (value === '') return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw inputError(`${field} must be a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw inputError(`${field} must be an http or https URL`);
  }
}

function eventHook(
  input: z.output<typeof eventHookInputSchema>,
  index: number,
  previous: EventHookRecord[],
): EventHookRecord {
  const field = `event_hooks[${index}]`;
  const type = input.hook_type ?? 'webhook';
  if (type === 'sqs' || type === 'sns' || type === 'pending_message') {
    throw inputError(`${field}.hook_type "${type}" is not supported by the local Stream emulator`);
  }
  if (type !== 'webhook') throw inputError(`${field}.hook_type "${type}" is not a valid hook type`);
  const url = input.webhook_url ?? '';
  assertHookUrl(`${field}.webhook_url`, url);
  const enabled = input.enabled ?? false;
  if (enabled && url === '') throw inputError(`${field}.webhook_url is required`);
  const at = nowTimestamp();
  const before = input.id ? previous.find((hook) => hook.id === input.id) : undefined;
  return {
    id: input.id ?? crypto.randomUUID(),
    hook_type: 'webhook',
    enabled,
    webhook_url: url,
    event_types: input.event_types ?? [],
    product: input.product ?? 'all',
    should_send_custom_events: input.should_send_custom_events ?? false,
    created_at: before?.created_at ?? at,
    updated_at: at,
  };
}

function compression(input: HookInput): boolean | undefined {
  const algorithm = input.webhook_compression_algorithm;
  if (algorithm === undefined) return input.enable_hook_payload_compression;
  if (algorithm === null || algorithm === '') return false;
  if (algorithm === 'gzip') return true;
  throw inputError(`webhook_compression_algorithm "${algorithm}" is not supported, use "gzip"`);
}

/**
 * The settings after `input`, validated whole before anything is stored (a refused
 * UpdateApp changes nothing). Undefined when `input` names no hook setting.
 */
export function changedHookSettings(
  store: StreamStore,
  input: HookInput,
): HookSettings | undefined {
  if (!HOOK_SETTING_KEYS.some((key) => input[key as keyof HookInput] !== undefined)) {
    return undefined;
  }
  const current = hookSettings(store);
  const next: HookSettings = { ...current, event_hooks: [...current.event_hooks] };
  if (input.webhook_url !== undefined) {
    assertHookUrl('webhook_url', input.webhook_url);
    next.webhook_url = input.webhook_url;
  }
  if (input.webhook_events !== undefined) next.webhook_events = input.webhook_events ?? [];
  if (input.before_message_send_hook_url !== undefined) {
    assertHookUrl('before_message_send_hook_url', input.before_message_send_hook_url);
    next.before_message_send_hook_url = input.before_message_send_hook_url;
  }
  const timeout = input.before_message_send_hook_attempt_timeout_ms;
  if (timeout !== undefined) {
    if (timeout < 0 || timeout > LIMITS.beforeSendTimeoutMaxMs) {
      throw inputError(
        `before_message_send_hook_attempt_timeout_ms must be between 0 and ${LIMITS.beforeSendTimeoutMaxMs}`,
      );
    }
    next.before_message_send_hook_attempt_timeout_ms = timeout;
  }
  const compress = compression(input);
  if (compress !== undefined) next.enable_hook_payload_compression = compress;
  if (input.event_hooks !== undefined) {
    next.event_hooks = (input.event_hooks ?? [])
      .map((hook, i) => (hook.delete ? undefined : eventHook(hook, i, current.event_hooks)))
      .filter((hook) => hook !== undefined);
  }
  return next;
}

/** The fields GetApp shows. */
export function presentHookSettings(store: StreamStore): Record<string, unknown> {
  const settings = hookSettings(store);
  return {
    ...settings,
    webhook_events: [...settings.webhook_events],
    event_hooks: settings.event_hooks.map((hook) => ({ ...hook })),
    webhook_compression_algorithm: settings.enable_hook_payload_compression ? 'gzip' : '',
  };
}

/** Where an event goes: the legacy webhook, or one entry of `event_hooks`. */
export interface WebhookTarget {
  /** `webhook_url` for the legacy setting, else the event hook's id. */
  hook: string;
  url: string;
}

/**
 * The webhooks subscribed to `eventType`. Custom events (SendEvent with an own type) go to an
 * event hook only with `should_send_custom_events`; to the legacy webhook when it takes all
 * events or names the type.
 */
export function webhookTargets(
  store: StreamStore,
  eventType: string,
  custom: boolean,
): WebhookTarget[] {
  const settings = hookSettings(store);
  const takes = (types: string[]) => types.length === 0 || types.includes(eventType);
  const targets: WebhookTarget[] = [];
  if (settings.webhook_url !== '' && takes(settings.webhook_events)) {
    targets.push({ hook: 'webhook_url', url: settings.webhook_url });
  }
  for (const hook of settings.event_hooks) {
    if (!hook.enabled || hook.webhook_url === '') continue;
    if (custom ? hook.should_send_custom_events : takes(hook.event_types)) {
      targets.push({ hook: hook.id, url: hook.webhook_url });
    }
  }
  return targets;
}

/** The before-send hook, when one is set, with its per-attempt timeout. */
export function beforeSendTarget(
  store: StreamStore,
): { url: string; timeoutMs: number; compress: boolean } | undefined {
  const settings = hookSettings(store);
  if (settings.before_message_send_hook_url === '') return undefined;
  return {
    url: settings.before_message_send_hook_url,
    timeoutMs:
      settings.before_message_send_hook_attempt_timeout_ms || LIMITS.beforeSendTimeoutDefaultMs,
    compress: settings.enable_hook_payload_compression,
  };
}
