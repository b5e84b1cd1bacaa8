/**
 * One set of upstream clients per isolate. Bindings are a stable object within an isolate, so
 * they key the cache: the config is parsed, the Drizzle client and the Stream client (whose
 * server token costs a WebCrypto signature) are built once, not on every request.
 */
import type { StreamChat } from 'stream-chat';
import { type Config, configFor } from '../core/config';
import type { QueueMessage } from '../core/types';

import { createDb, type Database } from '../db/client';
import { createStreamClient } from '../stream/client';

/** Upstream clients, built once per isolate and shared by requests. */
export interface Services {
  config: Config;
  db: Database;
  stream: () => Promise<StreamChat>;
  /**
   * The Worker's queue: repairs of Stream's projection (src/sync/repair.ts) and Stream's webhook
   * deliveries (src/services/stream-events.ts); absent if unbound.
   */
  repairs?: Queue<QueueMessage>;
  /** The request these services serve (its log lines carry it); absent for queue and cron work. */
  requestId?: string;
}

/** Work to finish after the response (Workers: `ctx.waitUntil`). */
export type Later = (work: Promise<unknown>) => void;

/** Services for one request: writes settle their sync markers after the response. */
export interface RequestServices extends Services {
  later: Later;
}

const cache = new WeakMap<object, Services>();

export function servicesFor(env: Partial<Pick<CloudflareBindings, 'STREAM_REPAIRS'>>): Services {
  let services = cache.get(env);
  if (!services) {
    const config = configFor(env);
    let stream: Promise<StreamChat> | undefined;
    services = {
      config,
      db: createDb(config),
      stream: () => {
        // A failed build (the SDK module could not load) is not kept: the next call tries again.
        stream ??= createStreamClient(config.stream).catch((err: unknown) => {
          stream = undefined;
          throw err;
        });
        return stream;
      },
      repairs: env.STREAM_REPAIRS,
    };
    cache.set(env, services);
  }
  return services;
}

/**
 * After an isolate's first response, build its Stream client in the background (`waitUntil`), so
 * the SDK, which loads on first use (src/load-stream-sdk.ts), is ready before a later request
 * needs it: the SDK does not run at startup, nor in the first response of routes that never call
 * Stream.
 */
export function warmStreamClient(env: CloudflareBindings, ctx: ExecutionContext): void {
  let services: Services;
  try {
    services = servicesFor(env);
  } catch {
    return; // A misconfiguration is answered by the request itself (ConfigError → 500).
  }
  if (warmed.has(services)) return;
  warmed.add(services);
  ctx.waitUntil(services.stream().catch(() => {}));
}
const warmed = new WeakSet<Services>();
