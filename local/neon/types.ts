/**
 * Data shapes shared by the Neon stand-in's modules. Wire-level names follow Neon's proxy
 * (`proxy/src/serverless/sql_over_http.rs`), which in turn mirror node-postgres's `Field`.
 */

/** One result column as Neon reports it: node-postgres `Field` names, always all seven keys. */
export interface NeonField {
  name: string;
  dataTypeID: number;
  tableID: number;
  columnID: number;
  dataTypeSize: number;
  dataTypeModifier: number;
  format: 'text';
}

/** A PostgreSQL text-protocol value: exact server output, or null for SQL NULL. */
export type PgText = string | null;

/** What an engine returns for one statement: raw text rows, always as arrays in column order. */
export interface EngineResult {
  fields: NeonField[];
  rows: PgText[][];
  /** First word of the command tag; "" when there is none (empty query string). */
  command: string;
  /** Count from the command tag (INSERT: the second number), or null. */
  rowCount: number | null;
}

/** One statement of a request body, after parameter normalization. */
export interface QueryItem {
  query: string;
  /** Untyped text parameters: Neon sends every parameter to Postgres as text or NULL. */
  params: PgText[];
  /** Per-query override of the `Neon-Array-Mode` header. */
  arrayMode?: boolean;
}

export type Payload = { kind: 'single'; item: QueryItem } | { kind: 'batch'; items: QueryItem[] };

export type IsolationLevel =
  | 'ReadUncommitted'
  | 'ReadCommitted'
  | 'RepeatableRead'
  | 'Serializable';

/** Options Neon reads from headers on every request (the batch ones only matter for batches). */
export interface RequestOptions {
  rawTextOutput: boolean;
  arrayMode: boolean;
  isolationLevel?: IsolationLevel;
  readOnly: boolean;
  deferrable: boolean;
}
