/**
 * Neon's SQL-over-HTTP protocol (shared/docs/neon-http.md), as much of `@neondatabase/serverless`'s
 * `neon()` as drizzle-orm/neon-http uses: a query function returning results, lazy queries that
 * `transaction()` sends as one batch (one HTTP request, one transaction), and `NeonDbError` with
 * the driver's messages and fields, so src/db/errors.ts classifies failures exactly as before.
 *
 * Why not the driver: it bundles node-postgres, a WebSocket pool and Buffer/pg-types shims (a
 * quarter of the Worker's script) and builds them at startup, a third of the startup CPU, for
 * one `fetch`. wrangler.toml aliases the package to this module in the Worker bundle; Node tools
 * (migrations) keep the real driver.
 *
 * Values: the driver asks for raw text and parses it with pg-types (drizzle keeps dates as text);
 * this asks Neon for its JSON conversion instead (booleans, int2/int4, floats, json and arrays
 * become JSON; int8, numeric, dates and the rest stay text), which gives the same values for
 * every type this app reads.
 */

export class NeonDbError extends Error {
  override name = 'NeonDbError';
  severity?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  file?: string;
  line?: string;
  routine?: string;
  /** Why the request failed (a TimeoutError when the deadline passed). */
  sourceError?: { name?: string; message?: string };
}

/** The Postgres error fields Neon returns with a 400 (the driver copies the same list). */
const ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

export interface QueryOptions {
  arrayMode?: boolean;
  fullResults?: boolean;
}

interface Field {
  name: string;
  dataTypeID: number;
}

interface WireResult {
  fields: Field[];
  rows: unknown[][];
  command: string;
  rowCount: number | null;
}

export interface NeonHttpOptions {
  connectionString: string;
  /** The `/sql` URL; by default derived from the connection string's host as the driver does. */
  endpoint?: string;
  timeoutMs: number;
}

/** The driver's default: the host's first label becomes `api.` (ep-x.region.aws.neon.tech). */
export function defaultEndpoint(connectionString: string): string {
  const host = new URL(connectionString.replace(/^postgres(ql)?:/, 'http:')).hostname;
  return `https://${host.replace(/^[^.]+\./, 'api.')}/sql`;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** A parameter as the driver's prepareValue sends it (text, or null). */
function prepareValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${hex(value)}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = prepareValue(v) ?? '';
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

function shape(result: WireResult, options: QueryOptions) {
  const names = result.fields.map((f) => f.name);
  const rows = options.arrayMode
    ? result.rows
    : result.rows.map((row) => Object.fromEntries(row.map((v, i) => [names[i], v])));
  if (!options.fullResults) return rows;
  return {
    fields: result.fields,
    rows,
    rowCount: result.rowCount,
    command: result.command,
    rowAsArray: Boolean(options.arrayMode),
  };
}

interface QueryData {
  query: string;
  params: unknown[];
}

/** A query that runs when awaited, or as part of `transaction()` (then it never runs alone). */
export class NeonQuery implements PromiseLike<unknown> {
  private running?: Promise<unknown>;
  constructor(
    private readonly send: (body: unknown) => Promise<unknown>,
    readonly data: QueryData,
    readonly options: QueryOptions,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: a lazy query is awaited like the driver's.
  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.running ??= this.send(wireQuery(this.data)).then((r) =>
      shape(r as WireResult, this.options),
    );
    return this.running.then(onFulfilled, onRejected);
  }
}

const wireQuery = (q: QueryData) => ({ query: q.query, params: q.params.map(prepareValue) });

export function neonHttp(options: NeonHttpOptions) {
  const endpoint = options.endpoint ?? defaultEndpoint(options.connectionString);

  async function send(body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Neon-Connection-String': options.connectionString,
          // Rows as arrays, shaped here; values converted to JSON by Neon (see the header).
          'Neon-Array-Mode': 'true',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const error = new NeonDbError(`Error connecting to database: ${err}`);
      error.sourceError = typeof err === 'object' && err !== null ? err : { message: String(err) };
      throw error;
    }
    if (res.ok) return res.json();
    if (res.status === 400) {
      const fields = (await res.json()) as Record<string, string | undefined>;
      const error = new NeonDbError(fields.message ?? 'Database error');
      for (const key of ERROR_FIELDS) error[key] = fields[key] ?? undefined;
      throw error;
    }
    throw new NeonDbError(`Server error (HTTP status ${res.status}): ${await res.text()}`);
  }

  const query = (text: string, params: unknown[] = [], opts: QueryOptions = {}) =>
    new NeonQuery(send, { query: text, params }, opts);

  return Object.assign(query, {
    query,
    /** The queries in one request and one transaction (drizzle's `db.batch`). */
    async transaction(queries: NeonQuery[]): Promise<unknown[]> {
      const { results } = (await send({ queries: queries.map((q) => wireQuery(q.data)) })) as {
        results?: WireResult[];
      };
      if (!Array.isArray(results)) {
        throw new NeonDbError('Neon internal error: unexpected result format');
      }
      return results.map((r, i) => shape(r, queries[i]?.options ?? {}));
    },
  });
}

/**
 * What drizzle-orm/neon-http imports from the driver besides `neon`: it installs its date parsers
 * on `types` at construction. Neon's JSON conversion already leaves dates as text, so a no-op.
 */
export const types = {
  builtins: {} as Record<string, number>,
  setTypeParser(_oid: number, _parser: (value: string) => unknown): void {},
};

/** The driver's entry point, for the alias: drizzle calls it only when given a URL string. */
export function neon(connectionString: string) {
  return neonHttp({ connectionString, timeoutMs: 30_000 });
}

export const neonConfig: Record<string, unknown> = {};
