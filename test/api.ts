/** Calls the worker under test through its fetch handler, as a client would over HTTP. */
import { exports } from 'cloudflare:workers';

export const BASE = 'https://api.test';

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return exports.default.fetch(
    new Request(`${BASE}${path}`, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
    }),
  );
}

/** Calls and parses JSON, returning status and body together for compact assertions. */
export async function callJson<T = Record<string, unknown>>(
  path: string,
  options?: CallOptions,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await call(path, options);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}
