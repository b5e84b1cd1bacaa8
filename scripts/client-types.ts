/**
 * Writes client/schema.ts, the API's route schema as plain types (scripts/client-schema.ts), when
 * it changes. `--check` writes nothing and exits 1 when the file is stale (CI runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run client:types [-- --check]

Writes client/schema.ts from the route declarations (their zod schemas); commit it with the
route change. --check: exit 1 when the file is stale, write nothing.`);
  process.exit(0);
}

// Loaded after the --help check: it compiles every route's module.
const { schemaText, SCHEMA_FILE } = await import('./client-schema');

const text = schemaText();
let current = '';
try {
  current = readFileSync(SCHEMA_FILE, 'utf8');
} catch {}
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error('client/schema.ts is stale: run `npm run client:types` and commit it');
    process.exit(1);
  }
} else if (current !== text) {
  writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE}`);
}
