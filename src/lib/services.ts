/**
 * One set of upstream clients per isolate. Bindings are a stable object within an isolate, so
 * they key the cache: the config is parsed, the Drizzle client and the Stream client (whose
 * server token costs a WebCrypto signature) are built once, not on every request.
 */
import type { Context } from 'hono';
import type { StreamChat } from 'stream-chat';
import { createDb } from '../db/client';
import { createStreamClient } from '../stream/client';
import { configFor } from './config';
import type { AppEnv, RequestServices, Services } from './types';

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
        stream ??= createStreamClient(config.stream);
        return stream;
      },
      repairs: env.STREAM_REPAIRS,
    };
    cache.set(env, services);
  }
  return services;
}

/** The request's services: the isolate's clients plus the request's `waitUntil`. */
export function requestServices(c: Context<AppEnv>): RequestServices {
  return { ...servicesFor(c.env), later: (work) => c.executionCtx.waitUntil(work) };
}
