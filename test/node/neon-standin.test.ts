/**
 * The local Neon SQL-over-HTTP stand-in, exercised through the real driver
 * (`@neondatabase/serverless` neon()) and real Drizzle (`drizzle-orm/neon-http`), plus raw HTTP
 * where the wire format itself is the point.
 *
 * Runs on PGlite always; also on a real PostgreSQL when LOCAL_POSTGRES_URL is set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NeonDbError, neon, neonConfig, types } from '@neondatabase/serverless';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-http';
import { boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type NeonStandIn,
  type NeonStandInOptions,
  startNeonStandIn,
} from '../../local/neon/server';

const CONN = 'postgresql://neon:local@localhost/neondb';
const START_TIMEOUT = 60_000; // PGlite's first start takes a few seconds.
const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_RESPONSE_BYTES = 512 * 1024;

const ERROR_KEYS = [
  'message',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'severity',
  'where',
  'table',
  'column',
  'schema',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
];

/** The second engine runs when set (e.g. postgres://postgres@127.0.0.1:5432/standin; CI sets it). */
const postgresUrl = process.env.LOCAL_POSTGRES_URL;

/** Catch an expected rejection so its fields can be asserted. */
async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** Drizzle swaps the driver's global date parsers for identity ones; put them back afterwards. */
const DRIZZLE_TOUCHED_OIDS = [1184, 1114, 1082, 1186, 1231, 1115, 1185, 1187, 1182];
function saveGlobalParsers(): () => void {
  const saved = DRIZZLE_TOUCHED_OIDS.map((oid) => [oid, types.getTypeParser(oid)] as const);
  return () => {
    for (const [oid, parser] of saved) types.setTypeParser(oid, parser);
  };
}

const users = pgTable('st_users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  age: integer('age'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

function engineSuite(label: string, engineOptions: NeonStandInOptions) {
  describe(`Neon stand-in (${label})`, () => {
    let standIn: NeonStandIn;
    const sql = neon(CONN);

    /** Raw POST to the stand-in with the driver's usual headers. */
    async function post(
      body: unknown,
      headers: Record<string, string> = {},
      path = '/sql',
    ): Promise<{ status: number; headers: Headers; json: unknown }> {
      const res = await fetch(standIn.url + path, {
        method: 'POST',
        headers: {
          'Neon-Connection-String': CONN,
          'Neon-Raw-Text-Output': 'true',
          'Neon-Array-Mode': 'true',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const textBody = await res.text();
      return { status: res.status, headers: res.headers, json: JSON.parse(textBody) };
    }

    beforeAll(async () => {
      standIn = await startNeonStandIn({
        ...engineOptions,
        maxRequestBytes: MAX_REQUEST_BYTES,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
      neonConfig.fetchEndpoint = standIn.sqlEndpoint;
      // A real PostgreSQL keeps tables between runs.
      for (const t of ['st_users', 'st_types', 'st_batch', 'st_counter', 'st_big']) {
        await sql.query(`DROP TABLE IF EXISTS ${t}`);
      }
    }, START_TIMEOUT);

    beforeEach(() => {
      // fetchEndpoint is global; the other engine's suite may have moved it.
      neonConfig.fetchEndpoint = standIn.sqlEndpoint;
    });
    afterEach(() => standIn.faults.clear());
    afterAll(async () => {
      await standIn?.close();
    });

    it('reports its engine on the health endpoint', async () => {
      const res = await fetch(`${standIn.url}/__control/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, engine: standIn.engineName });
      expect(standIn.engineName).toBe(engineOptions.postgresUrl ? 'postgres' : 'pglite');
      expect(standIn.sqlEndpoint).toBe(`http://127.0.0.1:${standIn.port}/sql`);
    });

    describe('values through the driver', () => {
      it('round-trips parameters of common types as the driver parses them', async () => {
        const when = new Date('2024-02-29T13:14:15.678Z');
        const id = '0b6f9a3e-3c1d-4b7e-9a55-6f1e2d3c4b5a';
        const bytes = Buffer.from([0, 1, 127, 128, 255]);
        const rows = await sql`
          SELECT ${'héllo "w"'}::text AS t, ${42}::int AS i, ${'9007199254740993'}::int8 AS big,
                 ${'12345.678900'}::numeric AS num, ${true}::bool AS yes, ${false}::bool AS no,
                 ${when}::timestamptz AS ts, ${id}::uuid AS u, ${{ a: 1, s: 'x' }}::json AS j,
                 ${{ b: [1, 2, null] }}::jsonb AS jb, ${['a', 'b,c', '"q"', null, '']}::text[] AS ta,
                 ${[1, 2, 3]}::int[] AS ia, ${null}::text AS n, ${bytes} AS by, 3.5::float8 AS f`;
        expect(rows).toHaveLength(1);
        const r = rows[0]!;
        expect(r.t).toBe('héllo "w"');
        expect(r.i).toBe(42);
        expect(r.big).toBe('9007199254740993'); // int8 stays a string
        expect(r.num).toBe('12345.678900'); // numeric stays a string, scale kept
        expect(r.yes).toBe(true);
        expect(r.no).toBe(false);
        expect(r.ts).toBeInstanceOf(Date);
        expect((r.ts as Date).toISOString()).toBe(when.toISOString());
        expect(r.u).toBe(id);
        expect(r.j).toEqual({ a: 1, s: 'x' });
        expect(r.jb).toEqual({ b: [1, 2, null] });
        expect(r.ta).toEqual(['a', 'b,c', '"q"', null, '']);
        expect(r.ia).toEqual([1, 2, 3]);
        expect(r.n).toBeNull();
        expect(Buffer.isBuffer(r.by)).toBe(true);
        expect((r.by as Buffer).equals(bytes)).toBe(true);
        expect(r.f).toBe(3.5);
      });

      it('stores and reads back a row of every type through a table', async () => {
        await sql`CREATE TABLE st_types (
          id serial PRIMARY KEY, t text, i int, big bigint, num numeric(12,4), b bool,
          ts timestamptz, u uuid, j json, jb jsonb, ta text[], ia int[], by bytea)`;
        const when = new Date('2001-09-09T01:46:40.000Z');
        const inserted = await sql`
          INSERT INTO st_types (t, i, big, num, b, ts, u, j, jb, ta, ia, by)
          VALUES (${'x'}, ${-7}, ${'-9223372036854775808'}, ${'1.5'}, ${false}, ${when},
                  ${'00000000-0000-4000-8000-000000000000'}, ${{ k: [true] }}, ${{ k: 'v' }},
                  ${['x y', 'z']}, ${[10, null]}, ${Buffer.from('hi')})
          RETURNING id`;
        expect(inserted).toEqual([{ id: 1 }]);
        await sql`INSERT INTO st_types (t) VALUES (NULL)`;

        const rows = await sql`SELECT * FROM st_types ORDER BY id`;
        expect(rows).toEqual([
          {
            id: 1,
            t: 'x',
            i: -7,
            big: '-9223372036854775808',
            num: '1.5000',
            b: false,
            ts: when,
            u: '00000000-0000-4000-8000-000000000000',
            j: { k: [true] },
            jb: { k: 'v' },
            ta: ['x y', 'z'],
            ia: [10, null],
            by: Buffer.from('hi'),
          },
          {
            id: 2,
            t: null,
            i: null,
            big: null,
            num: null,
            b: null,
            ts: null,
            u: null,
            j: null,
            jb: null,
            ta: null,
            ia: null,
            by: null,
          },
        ]);
      });

      it('gives full results with fields, command and rowCount', async () => {
        const res = await sql.query('SELECT $1::int AS a, $2 AS b', [1, 'two'], {
          fullResults: true,
        });
        expect(res.command).toBe('SELECT');
        expect(res.rowCount).toBe(1);
        expect(res.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
          ['a', 23],
          ['b', 25], // an uncast parameter is inferred as text, as on Neon
        ]);
        expect(res.rows).toEqual([{ a: 1, b: 'two' }]);

        const upd = await sql.query('UPDATE st_types SET t = $1 WHERE id <= 2', ['z'], {
          fullResults: true,
        });
        expect(upd.command).toBe('UPDATE');
        expect(upd.rowCount).toBe(2);
      });
    });

    describe('wire format', () => {
      it('answers with Neon keys, raw text values and all seven field keys', async () => {
        const res = await post({
          query: `SELECT 1::int AS a, true AS b, '{"x": 1}'::jsonb AS j, '\\x6869'::bytea AS by,
                         ARRAY[1,2] AS arr, NULL::text AS n, '2024-01-02 03:04:05+00'::timestamptz AS ts`,
          params: [],
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('application/json');
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.headers.get('neon-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        const body = res.json as Record<string, unknown>;
        expect(Object.keys(body)).toEqual(['fields', 'rows', 'command', 'rowCount', 'rowAsArray']);
        expect(body.rows).toEqual([
          ['1', 't', '{"x": 1}', '\\x6869', '{1,2}', null, '2024-01-02 03:04:05+00'],
        ]);
        expect(body.command).toBe('SELECT');
        expect(body.rowCount).toBe(1);
        expect(body.rowAsArray).toBe(true);
        const fields = body.fields as Record<string, unknown>[];
        expect(fields.map((f) => f.dataTypeID)).toEqual([23, 16, 3802, 17, 1007, 25, 1184]);
        for (const f of fields) {
          expect(Object.keys(f).sort()).toEqual(
            [
              'columnID',
              'dataTypeID',
              'dataTypeModifier',
              'dataTypeSize',
              'format',
              'name',
              'tableID',
            ].sort(),
          );
          expect(f.format).toBe('text');
        }
      });

      it('returns objects and Neon JSON conversions without the array/raw headers', async () => {
        const res = await post(
          {
            query: `SELECT 1::int2 AS s, 2::int8 AS big, 1.5::float8 AS f, 'NaN'::float8 AS nan,
                           false AS b, '{"k": [1]}'::json AS j, ARRAY[[1,2],[3,NULL]] AS m,
                           ARRAY['a"b', 'NULL', NULL] AS ta, 1.10::numeric AS num`,
          },
          { 'Neon-Raw-Text-Output': 'false', 'Neon-Array-Mode': 'nope' },
        );
        expect(res.status).toBe(200);
        const body = res.json as { rows: unknown[]; rowAsArray: boolean };
        expect(body.rowAsArray).toBe(false);
        expect(body.rows).toEqual([
          {
            s: 1,
            big: '2',
            f: 1.5,
            nan: 'NaN',
            b: false,
            j: { k: [1] },
            m: [
              [1, 2],
              [3, null],
            ],
            ta: ['a"b', 'NULL', null],
            num: '1.10',
          },
        ]);
      });

      it('reports command and rowCount like Neon for DDL, INSERT and the empty query', async () => {
        const ddl = await post({ query: 'CREATE TABLE st_counter (n int)', params: [] });
        expect(ddl.json).toMatchObject({ command: 'CREATE', rowCount: null, fields: [], rows: [] });
        const ins = await post({
          query: 'INSERT INTO st_counter SELECT generate_series(1, $1::int)',
          params: ['3'],
        });
        expect(ins.json).toMatchObject({ command: 'INSERT', rowCount: 3 });
        const empty = await post({ query: '', params: [] });
        expect(empty.status).toBe(200);
        expect(empty.json).toEqual({
          fields: [],
          rows: [],
          command: '',
          rowCount: null,
          rowAsArray: true,
        });
      });

      it('honours a per-query arrayMode over the header, in batches too', async () => {
        const res = await post({
          queries: [
            { query: 'SELECT 1 AS a', params: [], arrayMode: false },
            { query: 'SELECT 2 AS a', params: [] },
          ],
        });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({
          results: [
            { rows: [{ a: '1' }], rowAsArray: false },
            { rows: [['2']], rowAsArray: true },
          ],
        });
      });

      it('accepts non-string JSON parameters as Neon converts them', async () => {
        const res = await post({
          query: 'SELECT $1::int AS n, $2::bool AS b, $3::jsonb AS j, $4::text[] AS a',
          params: [5, true, { z: 1 }, ['p', 'q r', null]],
        });
        expect(res.status).toBe(200);
        expect((res.json as { rows: unknown[] }).rows).toEqual([
          ['5', 't', '{"z": 1}', '{p,"q r",NULL}'],
        ]);
      });

      it('answers a CORS preflight on OPTIONS /sql', async () => {
        const res = await fetch(standIn.sqlEndpoint, { method: 'OPTIONS' });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('');
        expect(res.headers.get('allow')).toBe('OPTIONS, POST');
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.headers.get('access-control-max-age')).toBe('86400');
        const allowed = res.headers.get('access-control-allow-headers') ?? '';
        for (const h of ['Neon-Connection-String', 'Neon-Batch-Deferrable', 'Authorization']) {
          expect(allowed).toContain(h);
        }
      });

      it('answers 400 "query is not supported" to any other path or method', async () => {
        for (const [method, path] of [
          ['GET', '/sql'],
          ['POST', '/sql/'],
          ['POST', '/'],
          ['GET', '/anything'],
        ] as const) {
          const res = await fetch(standIn.url + path, { method });
          expect(res.status, `${method} ${path}`).toBe(400);
          expect(await res.json()).toBe('query is not supported');
        }
      });

      it('parses the body as JSON whatever the Content-Type, and rejects bad shapes', async () => {
        const ok = await post(
          { query: 'SELECT 7 AS x', params: [] },
          { 'Content-Type': 'application/sql' },
        );
        expect(ok.status).toBe(200);
        for (const bad of ['not json', '{"params": []}', '[1]', '{"query": 1}']) {
          const res = await post(bad);
          expect(res.status, bad).toBe(400);
          const body = res.json as Record<string, unknown>;
          expect(body.message).toMatch(/^could not parse the HTTP request body: /);
          expect(body.code).toBe('');
          expect(Object.keys(body)).toEqual(ERROR_KEYS);
        }
      });
    });

    describe('errors', () => {
      it('surfaces a unique violation with SQLSTATE, constraint and all 17 fields', async () => {
        await sql`CREATE TABLE st_batch (id int PRIMARY KEY, email text UNIQUE)`;
        await sql`INSERT INTO st_batch VALUES (1, 'a@x')`;
        const err = await rejection(sql`INSERT INTO st_batch VALUES (2, ${'a@x'})`);
        expect(err).toBeInstanceOf(NeonDbError);
        expect(err.code).toBe('23505');
        expect(err.constraint).toBe('st_batch_email_key');
        expect(err.table).toBe('st_batch');
        expect(err.schema).toBe('public');
        expect(err.detail).toBe('Key (email)=(a@x) already exists.');
        expect(err.severity).toBe('ERROR');
        expect(err.message).toBe(
          'duplicate key value violates unique constraint "st_batch_email_key"',
        );

        const raw = await post({ query: 'SELECT nope FROM st_batch', params: [] });
        expect(raw.status).toBe(400);
        expect(raw.headers.get('content-type')).toContain('application/json');
        expect(raw.headers.get('access-control-allow-origin')).toBe('*');
        expect(raw.headers.get('neon-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        const body = raw.json as Record<string, unknown>;
        expect(Object.keys(body)).toEqual(ERROR_KEYS);
        expect(body.code).toBe('42703');
        expect(body.position).toBe('8'); // a string, as Neon sends it
        expect(typeof body.line).toBe('string');
        expect(body.hint).toBeNull();
        expect(body.constraint).toBeNull();
      });

      it('rejects a multi-statement string with 42601, as Neon does', async () => {
        const err = await rejection(sql`SELECT 1; SELECT 2`);
        expect(err.code).toBe('42601');
        expect(err.message).toBe('cannot insert multiple commands into a prepared statement');
        // A single statement with a trailing semicolon is fine.
        expect(await sql`SELECT 1 AS one;`).toEqual([{ one: 1 }]);
      });

      it('refuses COPY … FROM STDIN without wedging the engine', async () => {
        // PGlite would block the process reading stdin and pg would hang the connection.
        const err = await rejection(sql`COPY st_counter FROM STDIN`);
        expect(err).toBeInstanceOf(NeonDbError);
        expect(err.message).toBe('COPY … FROM is not supported over SQL-over-HTTP');
        expect(err.code).toBe('');
        const commented = await rejection(sql`/* c */ -- x
          copy public.st_counter (n) from stdin`);
        expect(commented.message).toBe(err.message);
        // COPY (query) TO STDOUT is not refused (its data is simply not returned).
        expect(
          await sql.query('COPY (SELECT 1) TO STDOUT', [], { fullResults: true }),
        ).toMatchObject({ command: 'COPY', rowCount: 1 });
        const batchErr = await rejection(
          sql.transaction([
            sql`INSERT INTO st_counter VALUES (99)`,
            sql`COPY st_counter FROM STDIN`,
          ]),
        );
        expect(batchErr).toBeInstanceOf(NeonDbError);
        expect(await sql`SELECT count(*)::int AS n FROM st_counter WHERE n = 99`).toEqual([
          { n: 0 },
        ]);
      });

      it('validates the connection string header like Neon', async () => {
        const cases: [Record<string, string>, string][] = [
          [{}, 'invalid header: neon-connection-string'],
          [
            { 'Neon-Connection-String': 'nonsense' },
            'invalid connection string: relative URL without a base',
          ],
          [{ 'Neon-Connection-String': 'mysql://u:p@host/db' }, 'incorrect scheme'],
          [{ 'Neon-Connection-String': 'postgresql://u:p@host/' }, 'missing database name'],
          [{ 'Neon-Connection-String': 'postgresql://:p@host/db' }, 'missing username'],
          [
            { 'Neon-Connection-String': 'postgresql://u@host/db' },
            'missing authentication credentials: required password',
          ],
          [{ 'Neon-Connection-String': 'postgresql://u:p@127.0.0.1/db' }, 'missing hostname'],
          [{ 'Neon-Connection-String': 'postgresql://u:p@[::1]/db' }, 'missing hostname'],
        ];
        for (const [headers, message] of cases) {
          const res = await fetch(standIn.sqlEndpoint, {
            method: 'POST',
            headers,
            body: JSON.stringify({ query: 'SELECT 1', params: [] }),
          });
          expect(res.status, message).toBe(400);
          const body = (await res.json()) as Record<string, unknown>;
          expect(body.message).toBe(message);
          expect(body.code).toBe('');
          expect(body.severity).toBe('');
          expect(Object.keys(body)).toEqual(ERROR_KEYS);
        }
        // Through the driver (it checks scheme/user/database itself, not the password).
        const noPassword = neon('postgresql://neon@localhost/neondb');
        const err = await rejection(noPassword`SELECT 1`);
        expect(err).toBeInstanceOf(NeonDbError);
        expect(err.message).toBe('missing authentication credentials: required password');
        expect(err.code).toBe('');
      });

      it('answers 413 above the body limit, by Content-Length and by actual size', async () => {
        const err = await rejection(sql`SELECT ${'x'.repeat(MAX_REQUEST_BYTES)} AS big`);
        expect(err.message).toContain('Server error (HTTP status 413)');
        expect(err.message).toContain(`request is too large (max is ${MAX_REQUEST_BYTES} bytes)`);

        // Chunked upload: no Content-Length, so the limit must be enforced while reading.
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
        const res = await fetch(standIn.sqlEndpoint, {
          method: 'POST',
          headers: { 'Neon-Connection-String': CONN },
          body: new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < 6; i++) controller.enqueue(chunk);
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit);
        expect(res.status).toBe(413);
        expect(await res.json()).toMatchObject({
          message: `request is too large (max is ${MAX_REQUEST_BYTES} bytes)`,
          code: '',
        });
        // The stand-in is still fine afterwards.
        expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
      });

      it('answers 507 for a too-large result and rolls a batch back', async () => {
        await sql`CREATE TABLE st_big (n int)`;
        const big = sql`SELECT repeat('y', 1000) FROM generate_series(1, 1000)`;
        const err = await rejection(big);
        expect(err.message).toContain('Server error (HTTP status 507)');
        expect(err.message).toContain(`response is too large (max is ${MAX_RESPONSE_BYTES} bytes)`);

        const batchErr = await rejection(
          sql.transaction([sql`INSERT INTO st_big VALUES (1)`, big]),
        );
        expect(batchErr.message).toContain('HTTP status 507');
        expect(await sql`SELECT count(*)::int AS c FROM st_big`).toEqual([{ c: 0 }]);
      });
    });

    describe('batches (sql.transaction)', () => {
      it('commits all statements in one transaction and returns every result', async () => {
        const [a, b, c] = await sql.transaction([
          sql`INSERT INTO st_batch VALUES (10, 'ten@x') RETURNING id`,
          sql`INSERT INTO st_batch VALUES (11, 'eleven@x') RETURNING id`,
          sql`SELECT count(*)::int AS n FROM st_batch WHERE id >= 10`,
        ]);
        expect(a).toEqual([{ id: 10 }]);
        expect(b).toEqual([{ id: 11 }]);
        expect(c).toEqual([{ n: 2 }]);
      });

      it('rolls the whole batch back when one statement fails', async () => {
        const err = await rejection(
          sql.transaction([
            sql`INSERT INTO st_batch VALUES (20, 'twenty@x')`,
            sql`INSERT INTO st_batch VALUES (21, 'a@x')`, // duplicate email
            sql`INSERT INTO st_batch VALUES (22, 'twentytwo@x')`,
          ]),
        );
        expect(err.code).toBe('23505');
        expect(await sql`SELECT id FROM st_batch WHERE id >= 20`).toEqual([]);
      });

      it('applies isolation level and read-only options', async () => {
        const [settings] = await sql.transaction(
          [
            sql`SELECT current_setting('transaction_isolation') AS iso,
                       current_setting('transaction_read_only') AS ro`,
          ],
          { isolationLevel: 'Serializable', readOnly: true, deferrable: true },
        );
        expect(settings).toEqual([{ iso: 'serializable', ro: 'on' }]);

        const [defaults] = await sql.transaction([
          sql`SELECT current_setting('transaction_isolation') AS iso,
                     current_setting('transaction_read_only') AS ro`,
        ]);
        expect(defaults).toEqual([{ iso: 'read committed', ro: 'off' }]);

        const err = await rejection(
          sql.transaction([sql`INSERT INTO st_batch VALUES (30, 'ro@x')`], { readOnly: true }),
        );
        expect(err.code).toBe('25006');
        expect(await sql`SELECT id FROM st_batch WHERE id = 30`).toEqual([]);
      });

      it('echoes truthy batch headers and rejects unknown isolation levels', async () => {
        const ok = await post(
          { queries: [{ query: 'SELECT 1', params: [] }] },
          {
            'Neon-Batch-Isolation-Level': 'RepeatableRead',
            'Neon-Batch-Read-Only': 'true',
            'Neon-Batch-Deferrable': 'false',
          },
        );
        expect(ok.status).toBe(200);
        expect(ok.headers.get('neon-batch-isolation-level')).toBe('RepeatableRead');
        expect(ok.headers.get('neon-batch-read-only')).toBe('true');
        expect(ok.headers.get('neon-batch-deferrable')).toBeNull();

        const empty = await post({ queries: [] });
        expect(empty.json).toEqual({ results: [] });

        for (const level of ['serializable', 'Snapshot', '']) {
          const bad = await post(
            { queries: [{ query: 'SELECT 1', params: [] }] },
            { 'Neon-Batch-Isolation-Level': level },
          );
          expect(bad.status, level).toBe(400);
          expect(bad.json).toMatchObject({ message: 'invalid isolation level', code: '' });
        }
      });

      it('runs concurrent batches one at a time without interleaving', async () => {
        await sql`DELETE FROM st_counter`;
        const runs = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            sql.transaction([
              sql`INSERT INTO st_counter VALUES (${i})`,
              sql`SELECT pg_sleep(0.01)`,
              sql`SELECT count(*)::int AS n FROM st_counter WHERE n = ${i}`,
            ]),
          ),
        );
        for (const run of runs) expect(run[2]).toEqual([{ n: 1 }]);
        expect(await sql`SELECT count(*)::int AS n FROM st_counter`).toEqual([{ n: 8 }]);
      });
    });

    describe('session state does not leak between requests', () => {
      it('forgets SET, SET after a bare BEGIN, temp tables and advisory locks', async () => {
        await sql`SET statement_timeout = '1234ms'`;
        expect(await sql`SHOW statement_timeout`).toEqual([{ statement_timeout: '0' }]);

        await sql`SET TimeZone = 'America/New_York'`;
        expect(await sql`SHOW TimeZone`).toEqual([{ TimeZone: 'UTC' }]);

        await sql`BEGIN`;
        await sql`SET LOCAL statement_timeout = '4321ms'`; // outside a transaction: no effect
        expect(await sql`SHOW statement_timeout`).toEqual([{ statement_timeout: '0' }]);

        await sql`CREATE TEMP TABLE st_tmp (a int)`;
        expect(await sql`SELECT to_regclass('st_tmp') AS t`).toEqual([{ t: null }]);

        await sql`SELECT pg_advisory_lock(4242)`;
        // The session is reset as its connection goes back to the pool, just after the answer:
        // under load the next request can run on another connection first, so allow a moment.
        await expect
          .poll(
            async () => sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`,
          )
          .toEqual([{ n: 0 }]);
      });

      it('keeps SET LOCAL and temp tables working inside one batch', async () => {
        const [, , shown, temp] = await sql.transaction([
          sql`SET LOCAL statement_timeout = '2500ms'`,
          sql`CREATE TEMP TABLE st_tmp2 (a int)`,
          sql`SHOW statement_timeout`,
          sql`SELECT to_regclass('st_tmp2') IS NOT NULL AS exists`,
        ]);
        expect(shown).toEqual([{ statement_timeout: '2500ms' }]);
        expect(temp).toEqual([{ exists: true }]);
      });
    });

    describe('fault injection', () => {
      it('fails with a 503 rule and recovers after `count` calls', async () => {
        standIn.faults.add({ op: 'query', status: 503, count: 2 });
        for (let i = 0; i < 2; i++) {
          const err = await rejection(sql`SELECT 1`);
          expect(err).toBeInstanceOf(NeonDbError);
          expect(err.message).toMatch(/^Server error \(HTTP status 503\): /);
          expect(err.code).toBeUndefined();
        }
        expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
        expect(standIn.faults.list()).toEqual([]);
      });

      it('matches the op name: "batch" rules leave single queries alone', async () => {
        standIn.faults.add({ op: 'batch', status: 500 });
        expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
        const err = await rejection(sql.transaction([sql`SELECT 1`]));
        expect(err.message).toMatch(/^Server error \(HTTP status 500\)/);
      });

      it('sends a Neon error with an SQLSTATE for a 400 rule', async () => {
        standIn.faults.add({ op: '*', status: 400, code: '40001', message: 'could not serialize' });
        const err = await rejection(sql`SELECT 1`);
        expect(err.code).toBe('40001');
        expect(err.message).toBe('could not serialize');

        standIn.faults.clear();
        standIn.faults.add({ op: 'query', status: 400, count: 1 });
        expect((await rejection(sql`SELECT 1`)).code).toBe('08006');
      });

      it('adds latency', async () => {
        standIn.faults.add({ op: 'query', latencyMs: 300, count: 1 });
        const started = performance.now();
        expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
        // A lower bound only: the delay is at least the latency asked for (timers may fire a
        // millisecond early); how much longer it takes depends on the machine's load.
        expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      });

      it('drops the connection', async () => {
        standIn.faults.add({ op: 'query', drop: true, count: 1 });
        const err = await rejection(sql`SELECT 1`);
        expect(err).toBeInstanceOf(NeonDbError);
        expect(err.message).toMatch(/^Error connecting to database: /);
        expect(await sql`SELECT 2 AS ok`).toEqual([{ ok: 2 }]);
      });

      it('is controllable over HTTP at /__control/faults', async () => {
        const control = `${standIn.url}/__control/faults`;
        const added = await fetch(control, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ op: 'query', status: 502, count: 1 }),
        });
        expect(added.status).toBe(201);
        const listed = (await (await fetch(control)).json()) as { rules: unknown[] };
        expect(listed.rules).toHaveLength(1);
        expect((await rejection(sql`SELECT 1`)).message).toContain('HTTP status 502');

        await fetch(control, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ op: 'query', status: 502 }),
        });
        expect((await fetch(control, { method: 'DELETE' })).status).toBe(204);
        expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
      });
    });

    describe('drizzle-orm/neon-http', () => {
      let db: ReturnType<typeof drizzle>;
      let restoreParsers: () => void;

      beforeAll(async () => {
        restoreParsers = saveGlobalParsers();
        db = drizzle({ client: neon(CONN) });
        await db.execute(`CREATE TABLE st_users (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          email text NOT NULL UNIQUE,
          age integer,
          active boolean NOT NULL DEFAULT true,
          created_at timestamptz NOT NULL DEFAULT now())`);
      });
      afterAll(() => restoreParsers());

      it('inserts, selects and updates with rowCount', async () => {
        const [ann] = await db.insert(users).values({ email: 'ann@x', age: 30 }).returning();
        expect(ann).toMatchObject({ email: 'ann@x', age: 30, active: true });
        expect(ann!.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(ann!.createdAt).toBeInstanceOf(Date);
        expect(Math.abs(ann!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

        const found = await db.select().from(users).where(eq(users.email, 'ann@x'));
        expect(found).toEqual([ann]);

        const updated = await db.update(users).set({ age: 31 }).where(eq(users.email, 'ann@x'));
        expect(updated.rowCount).toBe(1);
        const none = await db.update(users).set({ age: 1 }).where(eq(users.email, 'nobody'));
        expect(none.rowCount).toBe(0);
      });

      it('exposes a unique violation as err.cause.code 23505 with the constraint', async () => {
        const err = await rejection(db.insert(users).values({ email: 'ann@x' }));
        expect(err.message).toMatch(/^Failed query: insert into "st_users"/);
        const cause = err.cause as NeonDbError;
        expect(cause).toBeInstanceOf(NeonDbError);
        expect(cause.code).toBe('23505');
        expect(cause.constraint).toBe('st_users_email_key');
      });

      it('rolls back a db.batch when one statement fails', async () => {
        const err = await rejection(
          db.batch([
            db.insert(users).values({ email: 'bob@x' }),
            db.update(users).set({ active: false }).where(eq(users.email, 'ann@x')),
            db.insert(users).values({ email: 'ann@x' }),
          ]),
        );
        expect(err).toBeInstanceOf(NeonDbError); // db.batch does not wrap
        expect(err.code).toBe('23505');
        expect(await db.select().from(users).where(eq(users.email, 'bob@x'))).toEqual([]);
        const [ann] = await db.select().from(users).where(eq(users.email, 'ann@x'));
        expect(ann!.active).toBe(true);

        const [inserted, counted] = await db.batch([
          db.insert(users).values({ email: 'cy@x' }).returning({ email: users.email }),
          db.select().from(users),
        ]);
        expect(inserted).toEqual([{ email: 'cy@x' }]);
        expect(counted).toHaveLength(2);
      });
    });

    // How fast is `npm run bench`'s to say; this checks that a long run of calls keeps answering.
    it('serves 200 sequential driver queries, each its own answer', async () => {
      for (let i = 0; i < 200; i++) {
        const rows = await sql`SELECT ${i}::int AS i`;
        expect(rows[0]!.i).toBe(i);
      }
    });
  });
}

engineSuite('pglite', {});
describe.skipIf(!postgresUrl)('postgres engine (skipped without LOCAL_POSTGRES_URL)', () => {
  engineSuite('postgres', { postgresUrl });
});

describe('PGlite persistence', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'neon-standin-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'keeps data in dataDir across restarts',
    async () => {
      const dataDir = join(dir, 'nested', 'pglite');
      const first = await startNeonStandIn({ dataDir });
      try {
        neonConfig.fetchEndpoint = first.sqlEndpoint;
        const sql = neon(CONN);
        await sql`CREATE TABLE kept (v text)`;
        await sql`INSERT INTO kept VALUES ('still here')`;
      } finally {
        await first.close();
      }

      const second = await startNeonStandIn({ dataDir });
      try {
        neonConfig.fetchEndpoint = second.sqlEndpoint;
        const sql = neon(CONN);
        expect(await sql`SELECT v FROM kept`).toEqual([{ v: 'still here' }]);
      } finally {
        await second.close();
      }
    },
    START_TIMEOUT * 2,
  );
});
