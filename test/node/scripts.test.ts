/**
 * Every command answers --help and does nothing else. Each `npm run <name>` in package.json
 * either ends in a tool that has its own --help (vitest, biome, tsc, wrangler, drizzle-kit,
 * depcruise: `npm run lint -- --help` is depcruise's), or is ours and is run here with --help; so is each
 * script in scripts/ run directly (a file there that exports something is a module, not a
 * script). Ours print a usage that starts with "Usage:", and nothing in the checkout changes
 * meanwhile: git status and the generated files stay as they were.
 *
 * Also: `npm run stream:setup` names the Stream host and the cause when Stream does not answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

const packageScripts = (
  JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
).scripts;
/** What npm appends `-- --help` to: the last command of the entry. */
const lastCommand = (script: string) =>
  (script.split('&&').at(-1) ?? '').trim().replace(/^exec /, '');
const TOOL = /^(vitest|biome|tsc|wrangler|drizzle-kit|depcruise)(\s|$)/;
const ours = Object.keys(packageScripts).filter(
  (name) => !TOOL.test(lastCommand(packageScripts[name] ?? '')),
);

const fileScripts = readdirSync('scripts')
  .filter((name) => /\.(mjs|ts)$/.test(name))
  .filter((name) => !/^export /m.test(readFileSync(`scripts/${name}`, 'utf8')));

/** Files a script with side effects would write. */
const OUTPUTS = [
  'public/openapi.json',
  'src/vendor/stream-chat.mjs',
  'public/docs/vendor/swagger-ui.css',
  'src/worker-configuration.d.ts',
  'client/schema.ts',
];

function snapshot(): string {
  const status = spawnSync('git', ['status', '--porcelain', '--ignored'], { encoding: 'utf8' });
  const times = OUTPUTS.map(
    (file) => `${file} ${statSync(file, { throwIfNoEntry: false })?.mtimeMs}`,
  );
  return [status.stdout, ...times].join('\n');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('every command answers --help without doing anything', () => {
  it('sees our entries and scripts', () => {
    expect(ours).toEqual(
      expect.arrayContaining(['postinstall', 'dev', 'stream:setup', 'openapi', 'build']),
    );
    expect(fileScripts).toEqual(expect.arrayContaining(['stream-setup.ts', 'build.mjs']));
  });

  it('npm run <ours> -- --help, and node scripts/<each> --help', async () => {
    const before = snapshot();
    const commands: Array<[name: string, command: string, args: string[]]> = [
      ...ours.map((name): [string, string, string[]] => [
        name,
        'npm',
        ['run', '-s', name, '--', '--help'],
      ]),
      ...fileScripts.map((name): [string, string, string[]] => [
        `scripts/${name}`,
        process.execPath,
        [...(name.endsWith('.ts') ? ['--import', 'tsx'] : []), `scripts/${name}`, '--help'],
      ]),
    ];
    const results = await Promise.all(
      commands.map(async ([name, command, args]) => ({ name, ...(await run(command, args)) })),
    );
    for (const { name, status, stdout, stderr } of results) {
      expect(status, `${name} --help: exit ${status}\n${stdout}${stderr}`).toBe(0);
      expect(stdout, `${name} --help`).toMatch(/^Usage: /);
    }
    expect(snapshot()).toBe(before);
  }, 60_000);
});

describe('npm run stream:setup when Stream does not answer', () => {
  it('names the app, the host and the cause', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const { status, stderr } = await run('npm', ['run', '-s', 'stream:setup'], {
      ...process.env,
      STREAM_API_KEY: 'local-stream-key',
      STREAM_API_SECRET: 'local-stream-secret-change-me-0123456789abcdef',
      STREAM_BASE_URL: `http://127.0.0.1:${closed}`,
    });
    expect(status).toBe(1);
    expect(stderr).toContain(
      `stream:setup failed (Stream app local-stream-key at http://127.0.0.1:${closed})`,
    );
    expect(stderr).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
  }, 60_000);
});
