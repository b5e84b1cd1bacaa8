/**
 * Assertions for parity scenarios: plain functions that throw, so the same scenario runs under
 * vitest in Node and inside a browser page (where vitest's `expect` is not available).
 */

export class ParityAssertionError extends Error {
  override name = 'ParityAssertionError';
}

const show = (value: unknown) => {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ParityAssertionError(message);
}

/** Deep equality through JSON (the values scenarios compare are wire data). */
export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (show(actual) !== show(expected)) {
    throw new ParityAssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function assertIncludes<T>(list: readonly T[] | undefined, item: T, what: string): void {
  if (!list?.includes(item)) {
    throw new ParityAssertionError(`${what}: expected ${show(list)} to include ${show(item)}`);
  }
}

export function assertExcludes<T>(list: readonly T[] | undefined, item: T, what: string): void {
  if (list?.includes(item)) {
    throw new ParityAssertionError(`${what}: expected ${show(list)} not to include ${show(item)}`);
  }
}

export interface ExpectedError {
  status?: number;
  code?: number;
  /** A substring of the SDK error's message. */
  message?: string;
}

/** The SDK call must fail with Stream's error fields as given. */
export async function assertRejects(
  promise: Promise<unknown>,
  expected: ExpectedError,
  what: string,
): Promise<void> {
  let error: { status?: number; code?: number; message?: string } | undefined;
  try {
    await promise;
  } catch (caught) {
    error = caught as typeof error;
  }
  if (!error) throw new ParityAssertionError(`${what}: expected an error, the call succeeded`);
  const got = { status: error.status, code: error.code, message: error.message };
  if (
    (expected.status !== undefined && got.status !== expected.status) ||
    (expected.code !== undefined && got.code !== expected.code) ||
    (expected.message !== undefined && !got.message?.includes(expected.message))
  ) {
    throw new ParityAssertionError(`${what}: expected ${show(expected)}, got ${show(got)}`);
  }
}

/** A `connectUser` that Stream refuses with `code` (a `connection.error` frame). */
export async function assertConnectRefused(
  promise: Promise<unknown>,
  code: number,
  what: string,
): Promise<void> {
  let error: Error | undefined;
  try {
    await promise;
  } catch (caught) {
    error = caught as Error;
  }
  if (!error) throw new ParityAssertionError(`${what}: expected the connection to be refused`);
  // The SDK rejects with an Error whose message is the JSON of the WebSocket error.
  const got = (JSON.parse(error.message) as { code?: number }).code;
  assertEqual(got, code, `${what}: error code`);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 5_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new ParityAssertionError(`${what}: not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
