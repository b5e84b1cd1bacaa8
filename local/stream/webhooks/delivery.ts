/**
 * Webhook delivery with Stream's retry rules (https://getstream.io/chat/docs/node/push_webhook/,
 * "Performance and Error Handling"): at most 3 attempts after a 408, 429 or 5xx answer or a
 * timeout, 2 after a network error, none after another answer; each attempt times out after
 * 6 s and all attempts of one event fit in 15 s. Between attempts it waits (`backoffMs`;
 * Stream does not publish its backoff). Every attempt carries the same `X-Webhook-Id`.
 *
 * Delivery never delays the API call that caused the event: `enqueue` returns at once. Events
 * with the same order key (a channel, a user) go to one target one after the other, so a
 * target sees a channel's events in the order they happened; other keys do not wait.
 */
import { nowTimestamp } from '../clock';
import type { WebhookEvent } from './payloads';
import { type PostResult, postOnce } from './post';
import type { HookRecord } from './record';
import type { WebhookTarget } from './settings';
import { hookHeaders, type SignedBody, signBody } from './signing';

export interface DeliveryTiming {
  attemptTimeoutMs: number;
  totalTimeoutMs: number;
  /** Wait before attempt 2, 3, …; the last value repeats. */
  backoffMs: readonly number[];
  attemptsOnErrorStatus: number;
  attemptsOnTimeout: number;
  attemptsOnNetworkError: number;
}

export interface AttemptEntry {
  attempt: number;
  started_at: string;
  duration_ms: number;
  /** The answer's status, when there was one. */
  status?: number;
  error?: 'timeout' | 'network' | 'cancelled';
  detail?: string;
}

export interface DeliveryEntry {
  /** `X-Webhook-Id`. */
  id: string;
  event_type: string;
  /** `webhook_url` (legacy setting) or the event hook's id. */
  hook: string;
  target: string;
  cid?: string;
  created_at: string;
  compressed: boolean;
  attempts: AttemptEntry[];
  /** `pending` while attempts remain; `cancelled` by a reset or close of the emulator. */
  outcome: 'pending' | 'delivered' | 'failed' | 'cancelled';
  payload: unknown;
}

export interface DispatcherDeps {
  apiKey: string;
  apiSecret: string;
  timing: DeliveryTiming;
  record: HookRecord<DeliveryEntry>;
  log: (line: string) => void;
}

const RETRY_STATUSES = new Set([408, 429]);

/** How many attempts this result allows in total (1 = no retry). */
function attemptsAllowed(result: PostResult, timing: DeliveryTiming): number {
  switch (result.kind) {
    case 'answered':
      return RETRY_STATUSES.has(result.status) || result.status >= 500
        ? timing.attemptsOnErrorStatus
        : 1;
    case 'timeout':
      return timing.attemptsOnTimeout;
    case 'network':
      return timing.attemptsOnNetworkError;
    case 'cancelled':
      return 0;
  }
}

function attemptEntry(attempt: number, startedAt: string, result: PostResult): AttemptEntry {
  const entry: AttemptEntry = { attempt, started_at: startedAt, duration_ms: result.durationMs };
  if (result.kind === 'answered') entry.status = result.status;
  else entry.error = result.kind;
  if (result.kind === 'network') entry.detail = result.detail;
  return entry;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class WebhookDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private cancel = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  /** Queues one event for one target; returns at once. */
  enqueue(target: WebhookTarget, event: WebhookEvent, compress: boolean): void {
    const json = JSON.stringify(event.payload);
    const entry: DeliveryEntry = {
      id: crypto.randomUUID(),
      event_type: event.type,
      hook: target.hook,
      target: target.url,
      ...(event.cid ? { cid: event.cid } : {}),
      created_at: nowTimestamp(),
      compressed: compress,
      attempts: [],
      outcome: 'pending',
      payload: JSON.parse(json),
    };
    this.deps.record.add(entry);
    const body = signBody(json, this.deps.apiSecret, compress);
    const key = `${target.hook} ${event.orderKey}`;
    const signal = this.cancel.signal;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliver(entry, body, signal))
      .catch((error: unknown) => {
        entry.outcome = 'failed';
        this.deps.log(`webhook delivery failed: ${String(error)}`);
      });
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Cancels every queued and running delivery (reset, close); later ones start afresh. */
  cancelAll(): void {
    this.cancel.abort();
    this.cancel = new AbortController();
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  private async deliver(entry: DeliveryEntry, body: SignedBody, signal: AbortSignal) {
    const { timing } = this.deps;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) {
        entry.outcome = 'cancelled';
        return;
      }
      const remaining = timing.totalTimeoutMs - (Date.now() - started);
      const startedAt = nowTimestamp();
      const result = await postOnce(
        entry.target,
        hookHeaders(body, this.deps.apiKey, entry.id, attempt),
        body.bytes,
        Math.min(timing.attemptTimeoutMs, remaining),
        signal,
      );
      entry.attempts.push(attemptEntry(attempt, startedAt, result));
      if (result.kind === 'cancelled') {
        entry.outcome = 'cancelled';
        return;
      }
      if (result.kind === 'answered' && result.status >= 200 && result.status < 300) {
        entry.outcome = 'delivered';
        return;
      }
      const wait = timing.backoffMs[Math.min(attempt - 1, timing.backoffMs.length - 1)] ?? 0;
      const budgetLeft = timing.totalTimeoutMs - (Date.now() - started) - wait;
      if (attempt >= attemptsAllowed(result, timing) || budgetLeft <= 0) {
        entry.outcome = 'failed';
        this.deps.log(
          `webhook ${entry.event_type} to ${entry.target} failed after ${attempt} attempt(s)`,
        );
        return;
      }
      await sleep(wait, signal);
    }
  }
}
