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
import { parseArgs } from 'node:util';
import { errorChain } from '../local/describe-error.ts';
import { readDevVars } from '../local/env-file.ts';
import { ConfigError, parseConfig } from '../src/core/config.ts';
import { STREAM_PRODUCTION_URL } from '../src/stream/client.ts';
import { setUpStreamApp } from '../src/stream/set-up-app.ts';
import { setupSettings } from './stream-setup-settings.ts';

const USAGE = `Usage: npm run stream:setup [-- --dry-run] [-- --env-file FILE]

Makes the Stream app in the settings match src/stream/app-setup.ts (every channel type's grants,
the messaging type's typing and read flags, the app-scope grants, multi-tenancy, and, with
API_PUBLIC_URL, the webhook and before-send hook URLs and events) and prints each change; a
second run changes nothing.
  --dry-run        print what would change, change nothing
  --env-file FILE  read the settings from FILE instead of .dev.vars (else .dev.vars.example)
Environment variables override the file:
  STREAM_API_KEY=… STREAM_API_SECRET=… STREAM_MULTI_TENANT=true \\
    API_PUBLIC_URL=https://chat-api.example.com npm run stream:setup
Credentials from the environment without STREAM_BASE_URL go to Stream's production API.`;

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean' }, 'env-file': { type: 'string' } },
  });
  const dryRun = values['dry-run'] === true;
  const { file, vars: fileVars } = readDevVars(values['env-file']);
  const { source, vars } = setupSettings(file, fileVars, process.env);
  const parsed = parseConfig(vars);
  const config = parsed.stream;
  const where = `app ${config.apiKey} at ${config.baseUrl ?? STREAM_PRODUCTION_URL}`;
  console.log(`• settings from ${source}`);
  console.log(`• Stream ${where}, multi-tenant: ${config.multiTenant}`);
  console.log(
    `• API at ${parsed.publicUrl ?? '(API_PUBLIC_URL not set)'}${dryRun ? ' — dry run' : ''}`,
  );
  try {
    const { changes, warnings } = await setUpStreamApp(config, {
      publicUrl: parsed.publicUrl,
      dryRun,
    });
    for (const change of changes)
      console.log(`  ${dryRun ? 'would change' : 'changed'}: ${change}`);
    if (changes.length === 0) console.log('  nothing to change: the app already matches');
    for (const warning of warnings) console.warn(`  warning: ${warning}`);
  } catch (err) {
    console.error(
      `✘ stream:setup failed (Stream ${where}):\n  - ${errorChain(err).join('\n  - ')}`,
    );
    process.exit(1);
  }
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
} else {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const problems = err instanceof ConfigError ? err.problems : errorChain(err);
    const title =
      err instanceof ConfigError ? 'not a working configuration' : 'stream:setup failed';
    console.error(`✘ ${title}:\n  - ${problems.join('\n  - ')}`);
    process.exit(1);
  });
}
