/**
 * The Worker's Stream client: Stream's server-side REST API over `fetch`, nothing else.
 *
 * The stream-chat SDK is a client-side state machine (channel state, WebSocket, offline queue,
 * message composer) with axios and linkifyjs underneath: 350 KiB of the Worker's script and a
 * third of its startup work, for the dozen REST calls in gateway.ts. This sends the same
 * requests the SDK's server client sends (paths, bodies, `api_key`, a raw JWT in
 * `Authorization`, `stream-auth-type: jwt`) and fails the way errors.ts expects: an answered
 * error is a `StreamApiError` carrying Stream's code and status, like the SDK's
 * `ErrorFromResponse` (same name and message format); no answer is a `StreamNetworkError`.
 * Tools and tests keep the SDK (src/stream/client.ts), which also checks these shapes.
 */
import type { Config } from '../lib/config';
import { signServerToken } from './tokens';

export const STREAM_PRODUCTION_URL = 'https://chat.stream-io-api.com';

/** Stream answered with an error: its code (4 input, 16 not found, 17 not allowed …) and status. */
export class StreamApiError extends Error {
  // The SDK's class name: errors.ts and the logs recognise Stream's answers by it.
  override name = 'ErrorFromResponse';
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** No answer: the connection failed, or the call ran past its timeout. */
export class StreamNetworkError extends Error {
  override name = 'StreamNetworkError';
  constructor(
    readonly timedOut: boolean,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

type Query = Record<string, string | boolean | undefined>;

export class StreamRest {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    /** A server token ({"server":true}) or a user token: Stream checks grants for the latter. */
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('DELETE', path, undefined, query);
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Query) {
    const url = new URL(this.baseUrl.replace(/\/$/, '') + path);
    url.searchParams.set('api_key', this.apiKey);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: this.token,
          'stream-auth-type': 'jwt',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      throw new StreamNetworkError(
        timedOut,
        timedOut ? `timeout of ${this.timeoutMs}ms exceeded` : `Stream is unreachable: ${err}`,
        { cause: err },
      );
    }
    const text = await res.text();
    let data: { code?: number; message?: string } | undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const code = typeof data?.code === 'number' ? data.code : null;
      throw new StreamApiError(
        res.status,
        code,
        code === null
          ? `StreamChat error HTTP code: ${res.status}`
          : `StreamChat error code ${code}: ${data?.message ?? ''}`,
      );
    }
    return data as T;
  }
}

/** The server client: every call authenticated with the app's server token. */
export async function createStreamRest(config: Config['stream']): Promise<StreamRest> {
  return new StreamRest(
    config.baseUrl ?? STREAM_PRODUCTION_URL,
    config.apiKey,
    await signServerToken(config.apiSecret),
    config.timeoutMs,
  );
}
