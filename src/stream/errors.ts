/**
 * Recognising Stream failures as the SDK surfaces them: ErrorFromResponse (HTTP status + Stream
 * code) for answered requests, raw axios errors for timeouts and network failures.
 */
import { UpstreamError } from '../core/errors';

interface SdkError {
  name?: string;
  message: string;
  code?: unknown;
  status?: number;
  isAxiosError?: boolean;
  /** The axios response of an answered request (ErrorFromResponse). */
  response?: { headers?: Record<string, unknown> };
}

/** Stream's rate-limit windows are one minute: a reset further away is not believed. */
const MAX_RETRY_AFTER_SECONDS = 60;

/**
 * Seconds until Stream's rate-limit window resets, from its `X-RateLimit-Reset` header (Unix
 * seconds) on a 429; undefined when absent or unreadable.
 */
function retryAfterSeconds(e: SdkError): number | undefined {
  const reset = Number(e.response?.headers?.['x-ratelimit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const seconds = Math.ceil(reset - Date.now() / 1000);
  return Math.min(Math.max(seconds, 1), MAX_RETRY_AFTER_SECONDS);
}

const asSdkError = (err: unknown): SdkError | undefined =>
  err instanceof Error ? (err as SdkError) : undefined;

/** Stream's numeric error code for an answered request (4 input, 16 not found, ...). */
export function streamErrorCode(err: unknown): number | undefined {
  const e = asSdkError(err);
  return e?.name === 'ErrorFromResponse' && typeof e.code === 'number' ? e.code : undefined;
}

export function streamStatus(err: unknown): number | undefined {
  const e = asSdkError(err);
  return e?.name === 'ErrorFromResponse' ? e.status : undefined;
}

/** Every Stream failure is an upstream failure from our client's point of view. */
export function classifyStreamError(err: unknown): UpstreamError | undefined {
  const e = asSdkError(err);
  if (!e) return undefined;
  if (e.name === 'ErrorFromResponse') {
    const code = streamErrorCode(err);
    const status = e.status ?? 0;
    const kind =
      status === 429 || status === 503
        ? 'unavailable'
        : status === 504 || status === 408
          ? 'timeout'
          : 'error';
    return new UpstreamError(
      'stream',
      kind,
      // Stream's own message stays in the log: it can name internals the client has no use for.
      `Stream rejected the request (Stream error code ${code ?? 'none'}, HTTP ${status})`,
      code ?? status,
      e,
      status === 429 ? retryAfterSeconds(e) : undefined,
    );
  }
  // axios errors from the fetch adapter are named plain 'Error' in workerd: use its flag.
  if (
    e.isAxiosError ||
    e.name === 'AxiosError' ||
    e.name === 'TimeoutError' ||
    e.name === 'AbortError'
  ) {
    const timedOut =
      e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || /timeout/i.test(e.message);
    return timedOut
      ? new UpstreamError('stream', 'timeout', 'Stream did not answer in time', undefined, e)
      : new UpstreamError('stream', 'unavailable', 'Stream is unreachable', undefined, e);
  }
  return undefined;
}
