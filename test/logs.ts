/**
 * Log lines a test causes on purpose (the failure it injects) are the test's to assert, not to
 * print. `captureLogs()` holds every console line written from then until the test ends: the
 * Worker runs in the test's isolate (exports.default.fetch, the queue and cron handlers alike), so
 * its `console` is the test's. The test claims what it expects with `logs.expect(level, code)`,
 * which fails when no such line was written. When the test ends, warn and error lines nobody
 * claimed are printed as usual, and output that is not one of our JSON log lines is printed at
 * once: a line nobody expected still shows. Info lines (a sweep's report) are kept for assertions
 * and not printed.
 */
import { expect, onTestFinished, vi } from 'vitest';

export type Level = 'info' | 'warn' | 'error';

/** One JSON log line (src/runtime/safe-log.ts). */
export interface LogLine {
  level: Level;
  code?: string;
  [field: string]: unknown;
}

export interface Logs {
  /** Every JSON log line so far, in order. */
  readonly lines: LogLine[];
  /** Every console call so far as one string, JSON lines and other output alike. */
  readonly text: string[];
  /**
   * Asserts that at least one `level` line with `code` (and `fields`, when given) was written,
   * claims every such line (it is not printed) and returns them.
   */
  expect(level: Level, code: string, fields?: Record<string, unknown>): LogLine[];
  /** Asserts that the error answer `res` was logged: an error line with its code and request id. */
  expectError(res: { body: unknown }): LogLine[];
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

function parse(args: unknown[]): LogLine | undefined {
  if (args.length !== 1 || typeof args[0] !== 'string' || !args[0].startsWith('{')) return;
  try {
    const value: unknown = JSON.parse(args[0]);
    const level = (value as { level?: unknown }).level;
    return level === 'info' || level === 'warn' || level === 'error'
      ? (value as LogLine)
      : undefined;
  } catch {
    return undefined;
  }
}

export function captureLogs(): Logs {
  const lines: LogLine[] = [];
  const text: string[] = [];
  const claimed = new Set<LogLine>();
  const spies = METHODS.map((method) => {
    const original = console[method].bind(console);
    return vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      text.push(args.map(String).join(' '));
      const line = parse(args);
      if (line) lines.push(line);
      else original(...args);
    });
  });
  onTestFinished(() => {
    for (const spy of spies) spy.mockRestore();
    for (const line of lines) {
      if (claimed.has(line) || line.level === 'info') continue;
      console[line.level](JSON.stringify(line));
    }
  });
  const logs: Logs = {
    lines,
    text,
    expect(level, code, fields = {}) {
      const found = lines.filter(
        (line) =>
          line.level === level &&
          line.code === code &&
          Object.entries(fields).every(([key, value]) => isDeepEqual(line[key], value)),
      );
      expect(
        found.length,
        `no ${level} line ${code} ${JSON.stringify(fields)} among:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
      ).toBeGreaterThan(0);
      for (const line of found) claimed.add(line);
      return found;
    },
    expectError(res) {
      const { code, request_id } = res.body as { code: string; request_id: string };
      return logs.expect('error', code, { request_id });
    },
  };
  return logs;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
