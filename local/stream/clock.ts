/**
 * Timestamps in Stream's wire format: RFC 3339, UTC, microsecond fraction
 * (e.g. `2026-06-24T11:44:48.428721Z`).
 *
 * The clock is strictly monotonic at microsecond resolution: two events in the same
 * millisecond still get distinct, ordered timestamps. That keeps "order by created_at"
 * identical to insertion order, which message pagination and channel sorting rely on,
 * and lets timestamps be compared as plain strings (fixed width, same year range).
 */

/** Go's zero time, which Stream sends for "never" (e.g. `read[].last_read`). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

let lastMicros = 0;

/** The next timestamp, never equal to or earlier than a previous one. */
export function nowTimestamp(): string {
  const micros = Math.max(Date.now() * 1000, lastMicros + 1);
  lastMicros = micros;
  return formatMicros(micros);
}

export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const fraction = String(micros % 1000).padStart(3, '0');
  // toISOString gives millisecond precision ("...SS.mmmZ"); append the extra three digits.
  return `${new Date(ms).toISOString().slice(0, -1)}${fraction}Z`;
}

/** Parses a client-supplied date; undefined when it is not a date. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A timestamp as microseconds since the epoch, keeping up to six fraction digits (Date.parse
 * alone drops everything after milliseconds, which would blur the emulator's own ordering).
 */
export function timestampMicros(value: string): number | undefined {
  const match = /^(.*?T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match) {
    const ms = parseTimestamp(value);
    return ms === undefined ? undefined : ms * 1000;
  }
  const [, base, fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${base}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}
