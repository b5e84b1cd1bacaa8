// Copies Swagger UI's files from the swagger-ui-dist package into the Workers static assets
// folder (public/docs/vendor, git-ignored), so /docs needs no CDN. Runs on npm install.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { answerHelp } from './usage.mjs';

answerHelp(`
Usage: node scripts/vendor-assets.mjs  (run by npm install)

Copies Swagger UI's files from swagger-ui-dist into public/docs/vendor, so /docs needs no CDN.
`);

const require = createRequire(import.meta.url);
let source;
try {
  source = dirname(require.resolve('swagger-ui-dist/package.json'));
} catch {
  // Production installs (npm ci --omit=dev) have no swagger-ui-dist and serve no docs assets.
  process.exit(0);
}
const target = 'public/docs/vendor';
mkdirSync(target, { recursive: true });
for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
  copyFileSync(join(source, file), join(target, file));
}
if (!existsSync(join(target, 'swagger-ui-bundle.js'))) throw new Error('swagger-ui assets missing');
