/** Writes public/openapi.json from the route declarations (src/openapi/document.ts). */
import { writeFileSync } from 'node:fs';
import { openApiText } from '../src/openapi/document';

const file = new URL('../public/openapi.json', import.meta.url);
writeFileSync(file, openApiText());
console.log(`wrote ${file.pathname}`);
