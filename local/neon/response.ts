/**
 * Serializing one statement's result the way Neon does: keys `fields, rows, command, rowCount,
 * rowAsArray` (in that order), rows as arrays or objects per the effective array mode, values raw
 * text or Neon's JSON conversion. JSON text is produced here directly so the response-size
 * budget can be charged once, per statement, inside a batch's transaction (Neon rolls a batch back
 * when its result is too large).
 */
import { responseTooLarge } from './errors';
import { pgTextToJson } from './pg-text-json';
import type { EngineResult, RequestOptions } from './types';

/** Running total of result bytes for one HTTP response (Neon answers 507 past the limit). */
export class ResponseBudget {
  private used = 0;
  constructor(readonly max: number) {}

  charge(json: string): void {
    this.used += Buffer.byteLength(json);
    if (this.used > this.max) throw responseTooLarge(this.max);
  }
}

export function serializeResult(
  result: EngineResult,
  arrayModeOverride: boolean | undefined,
  options: RequestOptions,
  budget: ResponseBudget,
): string {
  const arrayMode = arrayModeOverride ?? options.arrayMode;
  const { fields } = result;
  const convert = options.rawTextOutput
    ? (row: (string | null)[]) => row
    : (row: (string | null)[]) => row.map((v, i) => pgTextToJson(v, fields[i]?.dataTypeID ?? 0));

  const rows = result.rows.map((row) => {
    const values: unknown[] = convert(row);
    if (arrayMode) return values;
    // Object mode: later duplicate column names overwrite earlier ones, as in Neon.
    // A null prototype keeps a column named "__proto__" an ordinary key.
    const obj: Record<string, unknown> = Object.create(null);
    fields.forEach((f, i) => {
      obj[f.name] = values[i];
    });
    return obj;
  });

  const rowsJson = JSON.stringify(rows);
  budget.charge(rowsJson);
  return (
    `{"fields":${JSON.stringify(fields)},"rows":${rowsJson},` +
    `"command":${JSON.stringify(result.command)},"rowCount":${JSON.stringify(result.rowCount)},` +
    `"rowAsArray":${arrayMode}}`
  );
}
