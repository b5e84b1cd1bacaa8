/** Calls the worker under test through its fetch handler, as a client would over HTTP. */
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';

export const BASE = 'https://api.test';

/** The error envelope every error response uses. */
export type ErrorBody = {
  error: string;
  code: string;
  request_id: string;
  details?: Array<{ field: string; message: string }>;
};

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

// Random start: test files share one Miniflare (and its limiter counts) but not this module.
let clients = Math.floor(Math.random() * 2 ** 24);

/**
 * A client address of its own for every call (unless the test names one): per-IP rate limits
 * (register, login) then trip only in the tests that aim at them, never because the suite makes
 * many users from one address. Private addresses (10.0.0.0/8), one after another.
 */
export const freshIp = () => {
  clients++;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
};

export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  return exports.default.fetch(request(path, options));
}

/** The request `call` sends. */
export function request(path: string, options: CallOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', freshIp());
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return new Request(`${BASE}${path}`, {
    method: options.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
  });
}

/** Calls and parses JSON, returning status and body together for compact assertions. */
export async function callJson<T = Record<string, unknown>>(
  path: string,
  options?: CallOptions,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await call(path, options);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/** Asserts an error response: status, machine code, and the full envelope. */
export function expectError(res: { status: number; body: unknown }, status: number, code: string) {
  const body = res.body as ErrorBody;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.code).toBe(code);
  expect(body.error).toEqual(expect.any(String));
  expect(body.request_id).toEqual(expect.any(String));
}

/** Asserts a 400 validation_failed that names `field` (e.g. "body.email") in its details. */
export function expectInvalid(res: { status: number; body: unknown }, field: string) {
  expectError(res, 400, 'validation_failed');
  expect((res.body as ErrorBody).details?.map((d) => d.field)).toContain(field);
}
