/**
 * `npm run dev`: the whole API on a laptop with no accounts.
 *
 * Reads .dev.vars (or, when absent, .dev.vars.example, whose values are the local defaults),
 * checks them with the app's own config schema, starts the stand-ins that the configuration
 * points at (a local NEON_HTTP_ENDPOINT / STREAM_BASE_URL), applies the migrations, and runs
 * `wrangler dev` bound to them. Real Neon or Stream settings start no stand-in for that service.
 * Both stand-ins keep their state in `.data/` (PGlite in .data/pglite, the Stream emulator in
 * .data/stream), so a restart finds the same users and channels in both; `--reset` wipes
 * both before starting. Ctrl-C stops everything (the emulator flushes its state first).
 */
import { rmSync } from 'node:fs';
import { type Config, ConfigError, parseConfig } from '../src/lib/config.ts';
import { setUpStreamApp } from '../src/stream/app-setup.ts';
import { readDevVars } from './env-file.ts';
import { applyMigrations } from './migrate.ts';
import { startNeonStandIn } from './neon/server.ts';
import { startStreamEmulator } from './stream/server.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

const WORKER_PORT = Number(process.env.PORT ?? 8787);
const { file: varsFile, vars } = readDevVars();
// Launcher-only setting, also accepted from the shell.
const localPostgresUrl = process.env.LOCAL_POSTGRES_URL ?? vars.LOCAL_POSTGRES_URL;
const PGLITE_DIR = '.data/pglite';
const STREAM_DIR = '.data/stream';

function localPort(url: string | undefined): number | undefined {
  if (!url) return undefined;
  const { hostname, port, protocol } = new URL(url);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  return local ? Number(port || (protocol === 'https:' ? 443 : 80)) : undefined;
}

const stoppers: Array<() => Promise<void>> = [];
let wrangler: WranglerDev | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled([wrangler?.stop(), ...stoppers.map((s) => s())]);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(vars);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(
        `✘ ${varsFile} is not a working configuration:\n  - ${err.problems.join('\n  - ')}`,
      );
      process.exit(1);
    }
    throw err;
  }
  console.log(`• settings from ${varsFile}`);
  if (process.argv.includes('--reset')) {
    // Both together: one without the other would leave Stream and the database disagreeing.
    for (const dir of [PGLITE_DIR, STREAM_DIR]) rmSync(dir, { recursive: true, force: true });
    console.log(`• --reset: removed ${PGLITE_DIR} and ${STREAM_DIR}`);
  }

  const neonPort = localPort(vars.NEON_HTTP_ENDPOINT);
  if (neonPort !== undefined) {
    const neon = await startNeonStandIn({
      port: neonPort,
      dataDir: localPostgresUrl ? undefined : PGLITE_DIR,
      postgresUrl: localPostgresUrl,
    });
    stoppers.push(() => neon.close());
    const engine = localPostgresUrl
      ? `Postgres at ${new URL(localPostgresUrl).host}`
      : 'PGlite in .data/pglite';
    console.log(`• Neon SQL-over-HTTP stand-in  ${neon.sqlEndpoint}  (${engine})`);
  } else {
    console.log('• database: Neon, endpoint derived from DATABASE_URL (no stand-in)');
  }

  const streamPort = localPort(vars.STREAM_BASE_URL);
  if (streamPort !== undefined) {
    const emulator = await startStreamEmulator({
      port: streamPort,
      apiKey: vars.STREAM_API_KEY ?? '',
      apiSecret: vars.STREAM_API_SECRET ?? '',
      dataDir: STREAM_DIR,
      playground: true,
    });
    stoppers.push(() => emulator.close());
    console.log(
      `• Stream Chat emulator          ${emulator.url}  (state in ${STREAM_DIR}; control at /__control)`,
    );
    console.log(`  client WebSocket              ${emulator.wsUrl}/connect`);
    console.log(`  chat playground               ${emulator.url}/__playground`);
    // The emulator starts with Stream's default grants; give it ours, as stream:setup does.
    const { changes } = await setUpStreamApp(config.stream);
    console.log(`• Stream app setup applied (${changes.length} changes, see npm run stream:setup)`);
  } else {
    console.log(
      `• chat: Stream at ${vars.STREAM_BASE_URL || 'https://chat.stream-io-api.com'} (no emulator)`,
    );
  }

  await applyMigrations({
    databaseUrl: vars.DATABASE_URL ?? '',
    sqlEndpoint: neonPort !== undefined ? vars.NEON_HTTP_ENDPOINT : undefined,
  });
  console.log('• migrations applied');

  wrangler = startWranglerDev({
    port: WORKER_PORT,
    // wrangler reads .dev.vars by itself; without one, hand it the example's defaults.
    envFile: varsFile === '.dev.vars' ? undefined : varsFile,
    output: 'inherit',
  });
  wrangler.process.on('exit', (code) => void stop(code ?? 0));
  console.log(`• API (wrangler dev)            http://127.0.0.1:${WORKER_PORT}  — try /health`);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch(async (err) => {
  console.error('✘ dev launcher failed:', err instanceof Error ? err.message : err);
  await stop(1);
});
