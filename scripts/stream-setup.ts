/**
 * `npm run stream:setup`: makes a Stream app match src/stream/app-setup.ts (grants of the
 * `messaging` type, multi-tenancy) and prints what it changed. Idempotent; run it once per
 * Stream app before going live, and again after changing app-setup.ts.
 *
 * Settings are read as `npm run dev` reads them (.dev.vars, else .dev.vars.example, checked
 * with the app's config schema); environment variables override the file, so production is
 *   STREAM_API_KEY=… STREAM_API_SECRET=… STREAM_MULTI_TENANT=true npm run stream:setup
 * Credentials from the environment without STREAM_BASE_URL mean Stream's production API, not
 * the file's local emulator URL (./stream-setup-settings.ts).
 */
import { readDevVars } from '../local/env-file.ts';
import { ConfigError, parseConfig } from '../src/core/config.ts';
import { setUpStreamApp } from '../src/stream/app-setup.ts';
import { STREAM_PRODUCTION_URL } from '../src/stream/client.ts';
import { setupSettings } from './stream-setup-settings.ts';

async function main(): Promise<void> {
  const { file, vars: fileVars } = readDevVars();
  const { source, vars } = setupSettings(file, fileVars, process.env);
  const config = parseConfig(vars).stream;
  console.log(`• settings from ${source}`);
  console.log(
    `• Stream app ${config.apiKey} at ${config.baseUrl ?? STREAM_PRODUCTION_URL}, multi-tenant: ${config.multiTenant}`,
  );
  const { changes, warnings } = await setUpStreamApp(config);
  for (const change of changes) console.log(`  changed: ${change}`);
  if (changes.length === 0) console.log('  nothing to change: the app already matches');
  for (const warning of warnings) console.warn(`  warning: ${warning}`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`✘ not a working configuration:\n  - ${err.problems.join('\n  - ')}`);
  } else {
    console.error('✘ stream:setup failed:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
