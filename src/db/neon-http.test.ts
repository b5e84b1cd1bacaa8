import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { defaultEndpoint, NeonDbError, neonHttp } from './neon-http';

describe('neonHttp', () => {
  it('derives the endpoint from the connection string as Neon’s driver does', () => {
    expect(
      defaultEndpoint(
        'postgresql://u:p@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require',
      ),
    ).toBe('https://api.us-east-2.aws.neon.tech/sql');
    expect(defaultEndpoint('postgres://u:p@ep-x-pooler.eu-central-1.aws.neon.tech:5432/db')).toBe(
      'https://api.eu-central-1.aws.neon.tech/sql',
    );
  });

  const sql = neonHttp({
    connectionString: env.DATABASE_URL,
    endpoint: env.NEON_HTTP_ENDPOINT,
    timeoutMs: 5000,
  });

  it('sends parameters as the driver prepares them and reads values as the driver parses them', async () => {
    const at = new Date('2030-01-02T03:04:05.678Z');
    const rows = (await sql(
      `select $1::text[] as list, $2::timestamptz = '2030-01-02T03:04:05.678Z' as same_time,
        $3::jsonb as doc, $4::int as n, $5::bool as flag, 9007199254740993::int8 as big, null as nothing`,
      [['a', 'b"c', null], at, { k: [1, 2] }, 42, true],
    )) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        list: ['a', 'b"c', null],
        same_time: true,
        doc: { k: [1, 2] },
        n: 42,
        flag: true,
        big: '9007199254740993',
        nothing: null,
      },
    ]);
  });

  it('runs a transaction as one batch and reports Postgres errors with their SQLSTATE', async () => {
    const results = await sql.transaction([
      sql('select 1 as one', [], { arrayMode: true }),
      sql('select 2 as two', [], { fullResults: true }),
    ]);
    expect(results[0]).toEqual([[1]]);
    expect(results[1]).toMatchObject({ rows: [{ two: 2 }], command: 'SELECT', rowAsArray: false });
    const failed = await sql('select 1/0').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(NeonDbError);
    expect((failed as NeonDbError).code).toBe('22012');
  });
});
