/**
 * One HTTP attempt of a hook call: POST, wait for the answer (status and body) within
 * `timeoutMs`, and say how it ended. Redirects are not followed (a 3xx is an answer). The
 * caller's `signal` cancels it (emulator reset or close).
 */
import { performance } from 'node:perf_hooks';

export type PostResult =
  | { kind: 'answered'; status: number; body: string; durationMs: number }
  | { kind: 'timeout'; durationMs: number }
  | { kind: 'network'; detail: string; durationMs: number }
  | { kind: 'cancelled'; durationMs: number };

const TIMEOUT = Symbol('timeout');

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}

export async function postOnce(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
  const cancel = () => controller.abort();
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = await response.text();
    return { kind: 'answered', status: response.status, body: text, durationMs: elapsed() };
  } catch (error) {
    if (controller.signal.aborted) {
      return controller.signal.reason === TIMEOUT
        ? { kind: 'timeout', durationMs: elapsed() }
        : { kind: 'cancelled', durationMs: elapsed() };
    }
    return { kind: 'network', detail: describe(error), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
  }
}
