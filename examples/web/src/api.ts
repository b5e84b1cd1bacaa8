/**
 * Our API's typed client (client/, on hono/client), the one module that imports it: the rest of the app
 * calls `call(api.<route>.$<method>(…))` and gets the success body, typed from the API's own
 * route declarations, or an `ApiError`.
 */
import { type ApiClient, createApiClient as createTypedClient } from '../../../client';

export type { ApiClient };

export function createApiClient(baseUrl: string, fetch?: typeof globalThis.fetch): ApiClient {
  return createTypedClient(baseUrl, fetch ? { fetch } : {});
}

/** The API's error envelope: `{error, code, request_id, details?}` (docs/api.md, "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface AnyResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The body of a 2xx answer (undefined for 204); any other answer throws its `ApiError`. */
export async function call<R extends AnyResponse>(
  request: Promise<R>,
): Promise<Awaited<ReturnType<Extract<R, { ok: true }>['json']>>> {
  const res = await request;
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as never;
  const body = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
  throw new ApiError(res.status, body.code ?? 'http_error', body.error ?? `HTTP ${res.status}`);
}
