/**
 * Neon's error bodies. Every error the proxy handles is JSON with the same 17 keys; the driver
 * copies them onto `NeonDbError` for status 400 (and leaks a raw SyntaxError if a 400 body is not
 * JSON), so the stand-in never answers an error without this shape.
 */

/** The 17 keys, in the order Neon's proxy writes them. */
export interface NeonErrorBody {
  message: string;
  code: string;
  detail: string | null;
  hint: string | null;
  position: string | null;
  internalPosition: string | null;
  internalQuery: string | null;
  severity: string;
  where: string | null;
  table: string | null;
  column: string | null;
  schema: string | null;
  dataType: string | null;
  constraint: string | null;
  file: string | null;
  line: string | null;
  routine: string | null;
}

/** A proxy-level (non-database) failure: Neon sends `code: ""` and `severity: ""`. */
export class NeonHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'NeonHttpError';
  }
}

export const requestTooLarge = (max: number) =>
  new NeonHttpError(413, `request is too large (max is ${max} bytes)`);
export const responseTooLarge = (max: number) =>
  new NeonHttpError(507, `response is too large (max is ${max} bytes)`);

/** Fields pg's and PGlite's `DatabaseError` both carry (same names as Neon's body). */
const DB_FIELDS = [
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'table',
  'column',
  'schema',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

type DbErrorLike = Error & { code: string; severity: string } & Partial<
    Record<(typeof DB_FIELDS)[number], unknown>
  >;

/**
 * A server-reported PostgreSQL error (pg's or PGlite's DatabaseError). Duck-typed because the two
 * libraries have separate classes; a socket error such as ECONNREFUSED has a `code` but no
 * `severity`, and is not a database error.
 */
export function isDatabaseError(err: unknown): err is DbErrorLike {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; severity?: unknown };
  return (
    typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string'
  );
}

export function emptyErrorBody(message: string): NeonErrorBody {
  return {
    message,
    code: '',
    detail: null,
    hint: null,
    position: null,
    internalPosition: null,
    internalQuery: null,
    severity: '',
    where: null,
    table: null,
    column: null,
    schema: null,
    dataType: null,
    constraint: null,
    file: null,
    line: null,
    routine: null,
  };
}

const text = (v: unknown): string | null =>
  v === undefined || v === null || v === '' ? null : String(v);

/** Map any thrown value to Neon's status and body. */
export function toNeonError(err: unknown): { status: number; body: NeonErrorBody } {
  if (isDatabaseError(err)) {
    const body = emptyErrorBody(err.message);
    body.code = err.code;
    body.severity = err.severity;
    // position and line are numbers in Postgres's protocol but strings in Neon's JSON.
    for (const key of DB_FIELDS) body[key] = text(err[key]);
    return { status: 400, body };
  }
  if (err instanceof NeonHttpError)
    return { status: err.status, body: emptyErrorBody(err.message) };
  // Anything else (engine unreachable, a bug here): Neon answers 500 with a proxy message.
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: emptyErrorBody(message || 'internal error') };
}
