/**
 * Running a parsed request on an engine with Neon's semantics:
 * - a single query runs in autocommit mode; batch headers do not apply to it;
 * - a batch is one transaction on one connection: `START TRANSACTION` with the requested
 *   isolation / READ ONLY / DEFERRABLE clauses, the statements in order, `COMMIT`; the first error
 *   (or a too-large result) rolls everything back and is returned alone, with no partial results.
 * Returns the JSON response text.
 */
import type { Engine } from './engine';
import { ResponseBudget, serializeResult } from './response';
import type { IsolationLevel, QueryItem, RequestOptions } from './types';

const ISOLATION_SQL: Record<IsolationLevel, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/** tokio-postgres's transaction builder: comma-separated modes; "false" headers add nothing. */
export function startTransactionSql(options: RequestOptions): string {
  const modes: string[] = [];
  if (options.isolationLevel)
    modes.push(`ISOLATION LEVEL ${ISOLATION_SQL[options.isolationLevel]}`);
  if (options.readOnly) modes.push('READ ONLY');
  if (options.deferrable) modes.push('DEFERRABLE');
  return modes.length ? `START TRANSACTION ${modes.join(', ')}` : 'START TRANSACTION';
}

export function executeSingle(
  engine: Engine,
  item: QueryItem,
  options: RequestOptions,
  maxResponseBytes: number,
): Promise<string> {
  return engine.withSession(async (session) => {
    try {
      const result = await session.query(item.query, item.params);
      return serializeResult(result, item.arrayMode, options, new ResponseBudget(maxResponseBytes));
    } catch (err) {
      session.discard();
      throw err;
    }
  });
}

export function executeBatch(
  engine: Engine,
  items: QueryItem[],
  options: RequestOptions,
  maxResponseBytes: number,
): Promise<string> {
  return engine.withSession(async (session) => {
    try {
      await session.query(startTransactionSql(options), []);
    } catch (err) {
      session.discard();
      throw err;
    }

    const budget = new ResponseBudget(maxResponseBytes);
    const results: string[] = [];
    try {
      for (const item of items) {
        const result = await session.query(item.query, item.params);
        results.push(serializeResult(result, item.arrayMode, options, budget));
      }
    } catch (err) {
      try {
        await session.query('ROLLBACK', []);
      } catch {
        session.discard();
      }
      throw err;
    }

    try {
      // A COMMIT failure (deferred constraint, 40001) is an ordinary 400 error; nothing committed.
      await session.query('COMMIT', []);
    } catch (err) {
      session.discard();
      throw err;
    }
    return `{"results":[${results.join(',')}]}`;
  });
}
