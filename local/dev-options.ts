/**
 * `npm run dev`'s command line: the options, their help text, and what `--ports BASE` means.
 *
 * `--ports BASE` is the one-step second copy: the API on BASE, the Neon stand-in on BASE+1, the
 * Stream emulator on BASE+2 (its WebSocket shares that port), the mail stand-in on BASE+3, the
 * web client on BASE+4 (APP_URL, and the CORS_ORIGINS on its port, follow it) and the state in
 * `.data-BASE`, so nothing in the settings file has to change. Endpoints the settings point
 * elsewhere (real Neon, real Stream) stay as they are.
 */
import { parseArgs } from 'node:util';
import { localPort } from './preflight.ts';

export const DEV_USAGE = `Usage: npm run dev [-- options]

Starts the API on a laptop: the Neon stand-in, the Stream emulator and the mail stand-in (for
the endpoints the settings point at this machine), the migrations, the reference web client
(examples/web, on APP_URL's port), then \`wrangler dev\`. Ctrl-C stops all of it.

Options:
  --ports BASE     API on BASE, Neon stand-in on BASE+1, Stream emulator on BASE+2, mail
                   stand-in on BASE+3, web client on BASE+4, state in .data-BASE (unless
                   --data-dir): a second copy beside the first, in one step
  --env-file FILE  settings file (default: .dev.vars, else .dev.vars.example)
  --data-dir DIR   where the local database, Stream state, mail and queue live (default: .data)
  --reset          wipe the local database, Stream state, mail and queue first (all together)
  --help           print this and exit

Settings also read from the environment: PORT (the API's port), LOCAL_POSTGRES_URL.
Example: npm run dev -- --ports 8790`;

export class UsageError extends Error {}

export interface DevOptions {
  help: boolean;
  reset: boolean;
  envFile?: string;
  dataDir: string;
  /** The --ports base, when given. */
  ports?: number;
}

/**
 * `argv` may start with `--`: package.json runs `local/dev.ts -- <options>`, because Node reads
 * an `--env-file` anywhere on its command line as its own flag and exits when the file is absent.
 */
export function parseDevOptions(argv: string[]): DevOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv[0] === '--' ? argv.slice(1) : argv));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : err}\n\n${DEV_USAGE}`);
  }
  let ports: number | undefined;
  if (values.ports !== undefined) {
    ports = Number(values.ports);
    if (!/^\d+$/.test(values.ports) || ports < 1024 || ports > 65531) {
      throw new UsageError(
        `--ports ${values.ports} must be a port number from 1024 to 65531 (it uses BASE to BASE+4)`,
      );
    }
  }
  return {
    help: values.help ?? false,
    reset: values.reset ?? false,
    envFile: values['env-file'],
    dataDir: values['data-dir'] ?? (ports !== undefined ? `.data-${ports}` : '.data'),
    ports,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      reset: { type: 'boolean' },
      'env-file': { type: 'string' },
      'data-dir': { type: 'string' },
      ports: { type: 'string' },
    },
  });
}

/** The ports `--ports BASE` gives each part. */
export function portsFromBase(base: number) {
  return { api: base, neon: base + 1, stream: base + 2, mail: base + 3, web: base + 4 };
}

/**
 * The settings with `--ports BASE` applied: PORT, and the local endpoints moved to their ports
 * (same host, same path). Remote endpoints are left alone. A local APP_URL is the web client's
 * address: it moves to BASE+4, and so do the CORS_ORIGINS on its port (the client's origins).
 */
export function withPorts(
  vars: Record<string, string>,
  base: number,
): { vars: Record<string, string>; changed: Record<string, string> } {
  const ports = portsFromBase(base);
  const changed: Record<string, string> = { PORT: String(ports.api) };
  const move = (key: string, port: number) => {
    const value = vars[key];
    if (!value || !URL.canParse(value) || localPort(value) === undefined) return;
    changed[key] = withPort(value, port);
  };
  move('NEON_HTTP_ENDPOINT', ports.neon);
  move('STREAM_BASE_URL', ports.stream);
  move('EMAIL_API_URL', ports.mail);
  const webPort = localPort(vars.APP_URL);
  if (webPort !== undefined) {
    move('APP_URL', ports.web);
    const origins = (vars.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim());
    const moved = origins.map((origin) =>
      URL.canParse(origin) && localPort(origin) === webPort ? withPort(origin, ports.web) : origin,
    );
    if (moved.join() !== origins.join()) changed.CORS_ORIGINS = moved.join(',');
  }
  return { vars: { ...vars, ...changed }, changed };
}

function withPort(value: string, port: number): string {
  const url = new URL(value);
  url.port = String(port);
  // URL keeps a bare origin's trailing slash; the settings are written without it.
  return url.pathname === '/' ? url.origin : url.href;
}
