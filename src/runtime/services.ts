/**
 * One set of upstream clients per isolate. Bindings are a stable object within an isolate, so
 * they key the cache: the config is parsed, the Drizzle client and the Stream client (whose
 * server token costs a WebCrypto signature) are built once, not on every request.
 */
import type { Context } from 'hono';
import type { StreamChat } from 'stream-chat';
import { configFor } from '../core/config';
import type { AppEnv, RequestServices, Services } from '../core/types';
import { createDb } from '../db/client';
import { createStreamClient } from '../stream/client';

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

/** The request's services: the isolate's clients plus the request's `waitUntil`. */
export function requestServices(c: Context<AppEnv>): RequestServices {
  return {
    ...servicesFor(c.env),
    later: (work) => c.executionCtx.waitUntil(work),
    requestId: c.get('requestId'),
  };
}
