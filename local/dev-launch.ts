/**
 * `npm run dev`, once ./dev.ts has parsed the options: the whole API on a laptop with no
 * accounts.
 *
 * Reads .dev.vars (or, when absent, .dev.vars.example, whose values are the local defaults; or
 * the file given with --env-file), checks them with the app's own config schema and checks that
 * the endpoints are usable and their ports free, then starts the stand-ins that the
 * configuration points at (a local NEON_HTTP_ENDPOINT / STREAM_BASE_URL / EMAIL_API_URL), applies the
 * migrations, serves the reference web client (examples/web) on APP_URL's port (5173) when
 * APP_URL is on this machine (./web-client.ts), and runs `wrangler dev` on PORT (8787) bound to
 * them. Real Neon or Stream settings start no stand-in for that service. State lives in the data directory (.data, or --data-dir):
 * PGlite in pglite/, the Stream emulator in stream/, the mail stand-in in mail/, wrangler's local
 * queue state in wrangler/,
 * so a restart finds the same users and channels; `--reset` wipes it before starting. One
 * launcher per data directory (./data-dir-lock.ts); `--ports BASE` runs a second copy on its own
 * ports and directory (./dev-options.ts). wrangler's own start-up report is left out of the
 * output (./wrangler-output.ts); its request lines, reloads, warnings and errors pass.
 *
 * Every child ends with the launcher, whatever ends it: Ctrl-C, SIGTERM, SIGHUP (a closed
 * terminal), a crash (./process-group.ts). The stand-ins run in this process.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError, parseConfig } from '../src/core/config.ts';
import { setUpStreamApp } from '../src/stream/set-up-app.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { errorChain } from './describe-error.ts';
import { parseDevOptions, withPorts } from './dev-options.ts';
import { readDevVars } from './env-file.ts';
import { startMailStandIn } from './mail/server.ts';
import { applyMigrations, sqlEndpointFor } from './migrate.ts';
import { startNeonStandIn } from './neon/server.ts';
import { busyPorts, endpointProblems, localPort, type PortClaim } from './preflight.ts';
import { assertPosix } from './process-group.ts';
import { SDK_REST_PORT, SDK_WS_PORT, startStreamEmulator } from './stream/server.ts';
import { startWebClient } from './web-client.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';
import { type FilterState, pipeFiltered, wranglerOutputFilter } from './wrangler-output.ts';

// Already checked by ./dev.ts.
const options = parseDevOptions(process.argv.slice(2));
const { file: varsFile, vars: fileVars } = (() => {
  try {
    return readDevVars(options.envFile);
  } catch (err) {
    console.error(`✘ cannot read the settings: ${errorChain(err).join(': ')}`);
    process.exit(1);
  }
})();
// --ports moves PORT and the local endpoints; wrangler gets the moved endpoints as --var.
const moved = options.ports !== undefined ? withPorts(fileVars, options.ports) : undefined;
const vars = moved?.vars ?? fileVars;
// Launcher-only settings, also accepted from the shell.
const localPostgresUrl = process.env.LOCAL_POSTGRES_URL ?? vars.LOCAL_POSTGRES_URL;
const portSetting = moved ? vars.PORT : (process.env.PORT ?? vars.PORT);
const dataDir = options.dataDir;
const PGLITE_DIR = join(dataDir, 'pglite');
const STREAM_DIR = join(dataDir, 'stream');
const WRANGLER_DIR = join(dataDir, 'wrangler');
const MAIL_DIR = join(dataDir, 'mail');
const WEB_DIR = join(dataDir, 'web');
const settingFor = (setting: string) => (moved ? '--ports' : setting);

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

function refuse(title: string, problems: string[]): never {
  console.error(`✘ ${title}:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

/** A step that talks to a service: on failure, say which step, where, and every cause. */
async function step<T>(what: string, where: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    console.error(`✘ ${what} failed (${where}):\n  - ${errorChain(err).join('\n  - ')}`);
    return stop(1);
  }
}

async function main(): Promise<void> {
  assertPosix();
  let config: Config;
  try {
    config = parseConfig(vars);
  } catch (err) {
    if (err instanceof ConfigError)
      refuse(`${varsFile} is not a working configuration`, err.problems);
    throw err;
  }
  const settingProblems = endpointProblems({ ...vars, PORT: portSetting });
  if (settingProblems.length) refuse(`${varsFile} is not a working configuration`, settingProblems);
  const workerPort = Number(portSetting ?? 8787);
  const neonPort = localPort(vars.NEON_HTTP_ENDPOINT);
  const streamPort = localPort(vars.STREAM_BASE_URL);
  const mailPort = localPort(vars.EMAIL_API_URL);
  const webPort = localPort(vars.APP_URL);

  const lock = lockDataDir(dataDir, `API on http://127.0.0.1:${workerPort}`);
  if (!lock.ok) {
    refuse('cannot start', [
      `${dataDir} is in use by another npm run dev (pid ${lock.holder.pid}, ${lock.holder.what}): ` +
        'two copies on one directory would share its database and Stream state',
      // The next four ports after this copy's API: 8791 beside a default copy.
      `stop that one, or run this one on its own ports and directory: npm run dev -- --ports ${workerPort + 4}`,
    ]);
  }
  process.on('exit', lock.release);

  const claims: PortClaim[] = [
    { service: 'API (wrangler dev)', port: workerPort, setting: settingFor('PORT') },
  ];
  if (neonPort !== undefined)
    claims.push({
      service: 'Neon stand-in',
      port: neonPort,
      setting: settingFor('NEON_HTTP_ENDPOINT'),
    });
  if (streamPort !== undefined)
    claims.push({
      service: 'Stream emulator',
      port: streamPort,
      setting: settingFor('STREAM_BASE_URL'),
    });
  if (mailPort !== undefined)
    claims.push({
      service: 'mail stand-in',
      port: mailPort,
      setting: settingFor('EMAIL_API_URL'),
    });
  if (webPort !== undefined)
    claims.push({ service: 'web client', port: webPort, setting: settingFor('APP_URL') });
  if (streamPort === SDK_REST_PORT)
    claims.push({
      service: 'Stream emulator WebSocket',
      port: SDK_WS_PORT,
      // The SDK looks for the WebSocket on 8800 only for :3030; on any other port it shares it.
      setting: 'STREAM_BASE_URL to another port (the WebSocket then shares it)',
    });
  const busy = await busyPorts(claims);
  if (busy.length) refuse('cannot start', busy);

  console.log(`• settings from ${varsFile}${moved ? ` with --ports ${options.ports}` : ''}`);
  if (options.reset) {
    // All together: one without the other would leave Stream and the database disagreeing.
    for (const dir of [PGLITE_DIR, STREAM_DIR, MAIL_DIR, WRANGLER_DIR])
      rmSync(dir, { recursive: true, force: true });
    console.log(`• --reset: removed ${PGLITE_DIR}, ${STREAM_DIR}, ${MAIL_DIR} and ${WRANGLER_DIR}`);
  }
  if (neonPort !== undefined) {
    const neon = await startNeonStandIn({
      port: neonPort,
      dataDir: localPostgresUrl ? undefined : PGLITE_DIR,
      postgresUrl: localPostgresUrl,
    });
    stoppers.push(() => neon.close());
    const engine = localPostgresUrl
      ? `Postgres at ${new URL(localPostgresUrl).host}`
      : `PGlite in ${PGLITE_DIR}`;
    console.log(`• Neon SQL-over-HTTP stand-in  ${neon.sqlEndpoint}  (${engine})`);
  } else {
    const endpoint = sqlEndpointFor(vars.DATABASE_URL ?? '', vars.NEON_HTTP_ENDPOINT || undefined);
    console.log(`• database: Neon at ${endpoint} (no stand-in)`);
  }

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
    // Its webhooks and before-send hook go to this API (or API_PUBLIC_URL, when set).
    const publicUrl = config.publicUrl ?? `http://127.0.0.1:${workerPort}`;
    const { changes } = await step('Stream app setup', `Stream at ${emulator.url}`, () =>
      setUpStreamApp(config.stream, { publicUrl }),
    );
    console.log(`• Stream app setup applied (${changes.length} changes, see npm run stream:setup)`);
  } else {
    console.log(
      `• chat: Stream at ${vars.STREAM_BASE_URL || 'https://chat.stream-io-api.com'} (no emulator)`,
    );
  }

  if (mailPort !== undefined) {
    const mail = await startMailStandIn({
      port: mailPort,
      apiKey: config.email.apiKey,
      dataDir: MAIL_DIR,
    });
    stoppers.push(() => mail.close());
    console.log(
      `• mail stand-in (Resend API)    ${mail.url}  (read mail there; kept in ${MAIL_DIR})`,
    );
  } else {
    console.log(`• mail: ${config.email.apiUrl} (no stand-in)`);
  }

  const databaseUrl = vars.DATABASE_URL ?? '';
  const sqlEndpoint = vars.NEON_HTTP_ENDPOINT || undefined;
  const databaseHost = URL.canParse(databaseUrl) ? new URL(databaseUrl).host : '?';
  await step(
    'applying the migrations',
    `database ${databaseHost} at ${sqlEndpointFor(databaseUrl, sqlEndpoint)}`,
    () => applyMigrations({ databaseUrl, sqlEndpoint }),
  );
  console.log('• migrations applied');

  if (webPort !== undefined) {
    // Built again on every edit of examples/web/src; its config.json points at this API.
    const web = await step('building the web client', `examples/web → ${WEB_DIR}`, async () => {
      const started = await startWebClient({
        port: webPort,
        outdir: WEB_DIR,
        watch: true,
        config: () => ({
          apiUrl: `http://127.0.0.1:${workerPort}`,
          streamBaseUrl: vars.STREAM_BASE_URL || undefined,
        }),
      });
      await started.built.catch(async (err: unknown) => {
        await started.close();
        throw err;
      });
      return started;
    });
    stoppers.push(() => web.close());
    console.log(`• web client (examples/web)     ${vars.APP_URL}  — sign up there`);
  } else {
    console.log(`• web client: APP_URL ${vars.APP_URL} is not on this machine (not served)`);
  }

  const endpoints = { ...moved?.changed };
  delete endpoints.PORT;
  wrangler = startWranglerDev({
    port: workerPort,
    // wrangler reads .dev.vars by itself; any other file is handed to it.
    envFile: varsFile === '.dev.vars' ? undefined : varsFile,
    persistTo: WRANGLER_DIR,
    vars: endpoints,
    env: {
      WRANGLER_HIDE_BANNER: 'true',
      ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
    },
  });
  const state: FilterState = { ready: false };
  const ready = (url: string) =>
    `• API (wrangler dev)            ${url}  — try /health\n` +
    `  cron sweep                    curl ${url}/cdn-cgi/local/scheduled`;
  const { stdout, stderr } = wrangler.process;
  const shown = [
    stdout && pipeFiltered(stdout, process.stdout, wranglerOutputFilter(state, ready)),
    stderr && pipeFiltered(stderr, process.stderr, wranglerOutputFilter(state, ready)),
  ];
  wrangler.process.on('exit', async (code) => {
    // Its last lines (why it stopped) first; workerd may hold the pipes a little longer.
    await Promise.race([Promise.all(shown), new Promise((r) => setTimeout(r, 1000))]);
    await stop(code ?? 0);
  });
}

// A closed terminal also closes our stdout: a failed write must not stop the clean-up.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));
main().catch(async (err) => {
  console.error(`✘ dev launcher failed:\n  - ${errorChain(err).join('\n  - ')}`);
  await stop(1);
});
