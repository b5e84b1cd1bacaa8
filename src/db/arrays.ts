/** Postgres array parameters: one text parameter in array-literal form, cast in SQL. */
import { sql } from 'drizzle-orm';

/** An element of an array literal, quoted (text may hold commas, quotes or backslashes). */
const quote = (item: string) => `"${item.replace(/["\\]/g, '\\$&')}"`;

/** A Postgres text[] parameter. */
export const textArray = (items: readonly string[]) =>
  sql`${`{${items.map(quote).join(',')}}`}::text[]`;

/** A Postgres uuid[] parameter. */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
