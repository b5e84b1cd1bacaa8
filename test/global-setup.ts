/**
 * Starts the stand-ins (Neon, Stream, mail) on free ports (fresh in-memory database, empty Stream state), applies
 * the migrations through the Neon endpoint, applies our Stream app setup (production grants, as
 * `npm run stream:setup` does), and hands the URLs to the worker's bindings. First it brings the
 * Worker's Stream SDK module up to date with the installed stream-chat (as `wrangler dev` and
 * deploy do before building), so the tests run the SDK that is installed, even after an update.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { parseEnvFile } from '../local/env-file';
import { startMailStandIn } from '../local/mail/server';
import { applyMigrations } from '../local/migrate';
import { startNeonStandIn } from '../local/neon/server';
import { startStreamEmulator } from '../local/stream/server';
import { parseConfig } from '../src/core/config';
import { setUpStreamApp } from '../src/stream/set-up-app';

declare module 'vitest' {
  export interface ProvidedContext {
    neonSqlEndpoint: string;
    neonBaseUrl: string;
    streamBaseUrl: string;
    mailBaseUrl: string;
  }
}

export default async function setup({ provide }: TestProject) {
  execFileSync(process.execPath, ['scripts/vendor-stream-sdk.mjs'], { stdio: 'inherit' });
  const vars = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
  const [neon, stream, mail] = await Promise.all([
    startNeonStandIn({ port: 0 }),
    startStreamEmulator({
      port: 0,
      apiKey: vars.STREAM_API_KEY ?? '',
      apiSecret: vars.STREAM_API_SECRET ?? '',
    }),
    startMailStandIn({ port: 0, apiKey: vars.EMAIL_API_KEY ?? '' }),
  ]);
  await applyMigrations({ databaseUrl: vars.DATABASE_URL ?? '', sqlEndpoint: neon.sqlEndpoint });
  await setUpStreamApp(parseConfig({ ...vars, STREAM_BASE_URL: stream.url }).stream);
  provide('neonSqlEndpoint', neon.sqlEndpoint);
  provide('neonBaseUrl', neon.url);
  provide('streamBaseUrl', stream.url);
  provide('mailBaseUrl', mail.url);
  return async () => {
    await Promise.all([neon.close(), stream.close(), mail.close()]);
  };
}
