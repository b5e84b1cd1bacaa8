/**
 * Writes public/openapi.json from the route declarations (src/openapi/document.ts), only when it
 * changes (`wrangler dev` runs this on every change in src/ and reloads assets it sees written).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run openapi

Writes public/openapi.json from the route declarations (src/openapi/document.ts) when it
changes; commit it with the route change.`);
  process.exit(0);
}

// Loaded after the --help check: it is every route's module.
const { openApiText } = await import('../src/openapi/document');
const file = new URL('../public/openapi.json', import.meta.url);
const text = openApiText();
if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
  writeFileSync(file, text);
  console.log(`wrote ${file.pathname}`);
}
