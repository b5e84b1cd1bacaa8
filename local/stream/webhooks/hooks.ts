/**
 * The emulator's outgoing hooks in one place: webhook deliveries of bus events, the
 * before-send hook, and their local record. `start()` subscribes to the store's bus;
 * `reset()` (POST /__control/reset) cancels what is in flight and clears the record;
 * `close()` cancels and waits until nothing is running.
 */
import { LIMITS } from '../limits';
import { currentOrigin } from '../request-origin';
import type { StreamStore } from '../store';
import { type BeforeSendEntry, BeforeSendHook } from './before-send';
import { type DeliveryEntry, type DeliveryTiming, WebhookDispatcher } from './delivery';
import { webhookEvents } from './payloads';
import { HookRecord } from './record';
import { hookSettings, webhookTargets } from './settings';

/** Emulator options for tests that cannot wait Stream's seconds; defaults are Stream's. */
export interface HookOptions {
  webhookAttemptTimeoutMs?: number;
  webhookTotalTimeoutMs?: number;
  /** Wait before attempt 2, 3, …; default 500 ms, then 1000 ms. */
  webhookBackoffMs?: readonly number[];
  /** Entries kept in each record; default 200. */
  recordMaxCount?: number;
}

export interface HooksDeps {
  store: StreamStore;
  apiKey: string;
  apiSecret: string;
  log: (line: string) => void;
  watcherCount(cid: string): number;
  options?: HookOptions;
}

function timing(options: HookOptions): DeliveryTiming {
  return {
    attemptTimeoutMs: options.webhookAttemptTimeoutMs ?? LIMITS.webhookAttemptTimeoutMs,
    totalTimeoutMs: options.webhookTotalTimeoutMs ?? LIMITS.webhookTotalTimeoutMs,
    backoffMs: options.webhookBackoffMs ?? [
      LIMITS.webhookFirstBackoffMs,
      LIMITS.webhookSecondBackoffMs,
    ],
    attemptsOnErrorStatus: LIMITS.webhookAttemptsOnErrorStatusCount,
    attemptsOnTimeout: LIMITS.webhookAttemptsOnTimeoutCount,
    attemptsOnNetworkError: LIMITS.webhookAttemptsOnNetworkErrorCount,
  };
}

export class Hooks {
  readonly deliveries: HookRecord<DeliveryEntry>;
  readonly beforeSendCalls: HookRecord<BeforeSendEntry>;
  readonly beforeSend: BeforeSendHook;
  private readonly dispatcher: WebhookDispatcher;

  constructor(private readonly deps: HooksDeps) {
    const options = deps.options ?? {};
    const max = options.recordMaxCount ?? LIMITS.hookRecordMaxCount;
    this.deliveries = new HookRecord(max);
    this.beforeSendCalls = new HookRecord(max);
    const credentials = { apiKey: deps.apiKey, apiSecret: deps.apiSecret };
    this.dispatcher = new WebhookDispatcher({
      ...credentials,
      timing: timing(options),
      record: this.deliveries,
      log: deps.log,
    });
    this.beforeSend = new BeforeSendHook({
      ...credentials,
      store: deps.store,
      record: this.beforeSendCalls,
      log: deps.log,
    });
  }

  /** Subscribes to the bus; returns the unsubscribe function. */
  start(): () => void {
    const { store } = this.deps;
    return store.events.on((event) => {
      const settings = hookSettings(store);
      if (settings.webhook_url === '' && !settings.event_hooks.some((hook) => hook.enabled)) {
        return;
      }
      const context = {
        store,
        origin: currentOrigin(),
        watcherCount: (cid: string) => this.deps.watcherCount(cid),
      };
      for (const webhookEvent of webhookEvents(context, event)) {
        for (const target of webhookTargets(store, webhookEvent.type, webhookEvent.custom)) {
          this.dispatcher.enqueue(target, webhookEvent, settings.enable_hook_payload_compression);
        }
      }
    });
  }

  reset(): void {
    this.dispatcher.cancelAll();
    this.beforeSend.cancelAll();
    this.deliveries.clear();
    this.beforeSendCalls.clear();
  }

  async close(): Promise<void> {
    this.dispatcher.cancelAll();
    this.beforeSend.cancelAll();
    await this.dispatcher.idle();
  }
}
