/**
 * The real `npm run dev` launcher, as a new user runs it, on free ports and a scratch data
 * directory (so it can run beside someone's own `npm run dev`):
 *  - the runnable examples of the README and docs/api.md (test/readme-examples.ts) pass twice
 *    in a row against it;
 *  - it starts quietly (no Request.cf fetch from workers.cloudflare.com);
 *  - it serves the reference web client on APP_URL's port, configured for this API;
 *  - closing the terminal (SIGHUP to the launcher's process group) ends every process it
 *    started — stand-ins, wrangler, workerd, esbuild — and frees the ports.
 * Also: a busy port and a bad endpoint are named before anything starts.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamChat } from 'stream-chat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../local/env-file';
import { freePort } from '../../local/wrangler-dev';
import { devEnv } from '../dev-env';
import { EXAMPLE_FILES, runnableBlocks, strictScript } from '../readme-examples';

const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const missing = ['bash', 'curl', 'jq'].filter((tool) => !has(tool));
if (missing.length) {
  console.warn(
    `README examples and launcher test skipped: ${missing.join(', ')} not installed (.ci/example-deps installs them)`,
  );
}

interface Launcher {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(envFile: string, dataDir: string, port: number): Launcher {
  let output = '';
  // detached: its own process group, as a terminal gives `npm run dev`.
  const child = spawn('npm', ['run', 'dev', '--', '--env-file', envFile, '--data-dir', dataDir], {
    env: devEnv({ PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

/** Every process descending from `root` (ps works the same on Linux and macOS). */
function descendants(root: number): number[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of rows) if (ppid === found[i] && !found.includes(pid)) found.push(pid);
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** The settings with the web client (APP_URL, and the origins CORS allows) on `port`. */
const withWebPort = (vars: string, port: number) => vars.replaceAll(':5173', `:${port}`);

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

describe.skipIf(missing.length > 0)('npm run dev, as a new user runs it', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dev-launcher-'));
  const envFile = join(scratch, 'dev.vars');
  let ports: { api: number; neon: number; stream: number; mail: number; web: number };
  let launcher: Launcher;
  let api: string;

  beforeAll(async () => {
    // The launcher takes port numbers, not port 0: a port found free here can be taken by
    // another process before the launcher binds it. It then refuses ("… is in use") or fails
    // to bind (EADDRINUSE), and the launch is tried again on other ports.
    for (let attempt = 1; ; attempt++) {
      ports = {
        api: await freePort(),
        neon: await freePort(),
        stream: await freePort(),
        mail: await freePort(),
        web: await freePort(),
      };
      writeFileSync(
        envFile,
        withWebPort(readFileSync('.dev.vars.example', 'utf8'), ports.web)
          .replace('127.0.0.1:4444', `127.0.0.1:${ports.neon}`)
          .replace('127.0.0.1:3030', `127.0.0.1:${ports.stream}`)
          .replace(/^EMAIL_API_URL=.*$/m, `EMAIL_API_URL=http://127.0.0.1:${ports.mail}`),
      );
      launcher = launch(envFile, join(scratch, 'data'), ports.api);
      api = `http://127.0.0.1:${ports.api}`;
      const up = await until(async () => {
        if (launcher.child.exitCode !== null) return true;
        // Its own ready line first: another test's server may answer on a port it lost.
        if (!launcher.output().includes('• API (wrangler dev)')) return false;
        const res = await fetch(`${api}/health`).catch(() => undefined);
        await res?.body?.cancel();
        return res?.status === 200;
      }, 90_000);
      if (up && launcher.child.exitCode === null) return;
      const portTaken = /is in use|EADDRINUSE|Address already in use/.test(launcher.output());
      if (launcher.child.exitCode === null)
        process.kill(-(launcher.child.pid as number), 'SIGTERM');
      await launcher.exited;
      if (!portTaken || attempt === 3) {
        throw new Error(`npm run dev did not get to a green /health:\n${launcher.output()}`);
      }
    }
  }, 240_000);

  afterAll(async () => {
    const child = launcher?.child;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await launcher.exited;
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it("runs the README's and docs/api.md's examples, twice in a row", () => {
    const blocks = EXAMPLE_FILES.flatMap((file) => {
      const found = runnableBlocks(readFileSync(file, 'utf8'));
      expect(found.length, `${file} has no runnable example`).toBeGreaterThan(0);
      return found.map((block, index) => ({ block, where: `${file} block ${index + 1}` }));
    });
    for (const round of [1, 2]) {
      for (const { block, where } of blocks) {
        const run = spawnSync('bash', ['-c', strictScript(block, api)], {
          encoding: 'utf8',
          timeout: 60_000,
          // Where the walk-through reads mail (its MAIL line defaults to the usual port).
          env: { ...process.env, MAIL: `http://127.0.0.1:${ports.mail}` },
        });
        expect(
          run.status,
          `round ${round}, ${where} failed (exit ${run.status}):\n${run.stderr}\n--- stdout ---\n${run.stdout}`,
        ).toBe(0);
      }
    }
  }, 240_000);

  it('the strict wrapper fails a block on an HTTP error or a failed command', () => {
    const strict = (script: string) =>
      spawnSync('bash', ['-c', strictScript(`API=http://127.0.0.1:8787\n${script}`, api)]).status;
    expect(strict('curl -s $API/health')).toBe(0);
    expect(strict('curl -s $API/no-such-route')).not.toBe(0);
    expect(strict('X=$(curl -s $API/me | jq -r .user.id); echo "$X"')).not.toBe(0);
    expect(strict('false | jq .; echo reached')).not.toBe(0);
  });

  it("serves the web client on APP_URL's port, its config.json pointing at this API", async () => {
    const web = `http://localhost:${ports.web}`;
    expect(launcher.output()).toContain(`• web client (examples/web)     ${web}`);
    // index.html for the app's own paths (the mails' links), so the app can read them.
    const page = await fetch(`http://127.0.0.1:${ports.web}/verify-email?token=x`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    const script = await fetch(`http://127.0.0.1:${ports.web}/app.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    await script.body?.cancel();
    const config = await (await fetch(`http://127.0.0.1:${ports.web}/config.json`)).json();
    expect(config).toEqual({ apiUrl: api, streamBaseUrl: `http://127.0.0.1:${ports.stream}` });
    // The API lets the client's origin in.
    const preflight = await fetch(`${api}/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: web, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(web);
  });

  it('started without a network attempt or a stack trace', () => {
    expect(launcher.output()).not.toMatch(/Request\.cf|workers\.cloudflare\.com|\n\s+at /);
  });

  it("prints its own lines up to ready: none of wrangler's banner, tables or hints", () => {
    const output = launcher.output();
    const upToReady = output.slice(0, output.indexOf('• API (wrangler dev)'));
    expect(upToReady.length).toBeGreaterThan(0);
    // npm's "> edge-chat-api dev" header, then the launcher's "• …" lines and their details.
    for (const line of upToReady.split('\n').filter((l) => l.trim()))
      expect(line).toMatch(/^(> |• | {2})/);
    expect(output).not.toMatch(
      /⛅️|update available|following bindings|Attaching additional modules|Scheduled Workers|Using secrets/,
    );
  });

  it('answers 413 to a 10 MB body, every time, also with wrangler in front', () => {
    const body = join(scratch, 'big.json');
    writeFileSync(body, Buffer.alloc(10 * 1024 * 1024, 'a'));
    const post = (headers: string[]) =>
      spawnSync(
        'curl',
        [
          '-s',
          '-w',
          '\n%{http_code}',
          '-X',
          'POST',
          `${api}/auth/login`,
          '--data-binary',
          `@${body}`,
        ].concat(['-H', 'content-type: application/json', ...headers.flatMap((h) => ['-H', h])]),
        { encoding: 'utf8', timeout: 30_000 },
      );
    // With Content-Length, and streamed (chunked) without it. Before the body was drained, one
    // in four to three in four tries got a reset or wrangler's 500 "Network connection lost".
    const tries = [...Array(8).fill([]), ...Array(3).fill(['transfer-encoding: chunked'])];
    for (const headers of tries) {
      const run = post(headers);
      const [json, status] = [
        run.stdout.slice(0, run.stdout.lastIndexOf('\n')),
        run.stdout.split('\n').at(-1),
      ];
      expect(`${run.status} ${status}`, `${headers.join()}: ${run.stdout}${run.stderr}`).toBe(
        '0 413',
      );
      expect(JSON.parse(json).code).toBe('payload_too_large');
    }
  }, 60_000);

  it("Stream's webhooks and before-send hook reach the API: drift is repaired with no sweep; removed, too-fast and filtered senders are refused; flags reach the queue", async () => {
    const vars = parseEnvFile(readFileSync(envFile, 'utf8'));
    const streamUrl = `http://127.0.0.1:${ports.stream}`;
    const server = new StreamChat(vars.STREAM_API_KEY ?? '', vars.STREAM_API_SECRET ?? '', {
      baseURL: streamUrl,
    });
    const json = async (
      path: string,
      init: { token?: string; body?: unknown; method?: string },
    ) => {
      const res = await fetch(`${api}${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers: {
          'content-type': 'application/json',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      // The API's answers, read loosely: each assertion reads the fields it checks.
      // biome-ignore lint/suspicious/noExplicitAny: a JSON tree of any shape
      const body = (await res.json().catch(() => ({}))) as Record<string, any>;
      return { status: res.status, body };
    };
    const run = `${Date.now()}`;
    const register = (who: string) =>
      json('/auth/register', {
        body: { email: `${who}-${run}@example.com`, password: 'correct horse battery', name: who },
      });
    const [admin, member] = [await register('hooks-admin'), await register('hooks-member')];
    const created = await json('/tenants', {
      token: admin.body.token,
      body: { name: `Hooks ${run}` },
    });
    const tenantId = created.body.tenant.id as string;
    const adminToken = created.body.token as string;
    const invitation = await json(`/tenants/${tenantId}/invitations`, {
      token: adminToken,
      body: { email: `hooks-member-${run}@example.com`, role: 'member' },
    });
    // Accepting needs a confirmed address: the member follows the link the mail stand-in got.
    let link: string | undefined;
    await until(async () => {
      const res = await fetch(
        `http://127.0.0.1:${ports.mail}/__control/messages?to=hooks-member-${run}@example.com`,
      );
      const { messages } = (await res.json()) as { messages: Array<{ text: string }> };
      // The invitation's mail is there too; the registration's has the token.
      link = messages.map((m) => /token=([\w-]+)/.exec(m.text)?.[1]).find(Boolean);
      return link !== undefined;
    }, 15_000);
    expect((await json('/auth/verify-email', { body: { token: link } })).status).toBe(200);
    const accepted = await json(`/invitations/${invitation.body.invitation.id}/accept`, {
      token: member.body.token,
      method: 'POST',
    });
    const memberId = member.body.user.id as string;
    const channel = await json('/channels', { token: adminToken, body: { name: `Room ${run}` } });
    const streamId = channel.body.stream_id as string;
    const members = async () => {
      const res = await fetch(`${streamUrl}/__control/state?cid=messaging:${streamId}`);
      return (
        ((await res.json()) as { channels: Array<{ members: string[] }> }).channels[0]?.members ??
        []
      );
    };

    // A member added behind our back (a server-side call, not our API): Stream's webhook reports
    // it, and the queue takes them out again within the grace period, with no sweep.
    await server.channel('messaging', streamId).addMembers([memberId]);
    expect(await members()).toContain(memberId);
    const repaired = await until(async () => !(await members()).includes(memberId), 15_000);
    expect(repaired, 'the member is still in the Stream channel 15 s later').toBe(true);

    // Sends straight through Stream's SDK: the hook lets a member's message through, and
    // refuses it once the sender is over the per-user send limit (30 per 10 s).
    const streamToken = await json('/stream/token', { token: accepted.body.token });
    const adminStream = await json('/stream/token', { token: adminToken });
    const sendAs = async (token: string, text: string) => {
      const res = await fetch(
        `${streamUrl}/channels/messaging/${streamId}/message?api_key=${vars.STREAM_API_KEY}`,
        {
          method: 'POST',
          headers: {
            authorization: token,
            'stream-auth-type': 'jwt',
            'content-type': 'application/json',
          },
          body: JSON.stringify({ message: { text } }),
        },
      );
      return ((await res.json()) as { message?: { type: string; text: string } }).message;
    };
    const send = (text: string) => sendAs(streamToken.body.token, text);
    await json(`/channels/${streamId}/members`, {
      token: adminToken,
      body: { user_ids: [memberId] },
    });
    expect((await send('hello through the SDK'))?.type).toBe('regular');
    const burst: Array<{ type: string; text: string } | undefined> = [];
    for (let i = 0; i < 7; i++) {
      const round = Array.from({ length: 10 }, (_, j) =>
        sendAs(adminStream.body.token, `${i}-${j}`),
      );
      burst.push(...(await Promise.all(round)));
    }
    expect(burst.some((m) => m?.type === 'error' && /too fast/.test(m.text))).toBe(true);

    // The tenant's word filter, through the hook: a direct send with a listed word is refused.
    const put = await json('/moderation/blocklist', {
      token: adminToken,
      method: 'PUT',
      body: { words: ['Spoiler'] },
    });
    expect(put.status).toBe(200);
    expect(await send('a SPOILER, straight to Stream')).toMatchObject({
      type: 'error',
      text: expect.stringContaining('filter'),
    });

    // A flag raised with the SDK reaches the moderators' queue through the webhook. (The admin
    // spent their send budget above: their message is a server-side send.)
    const { message: target } = await server
      .channel('messaging', streamId)
      .sendMessage({ text: 'flag me', user_id: admin.body.user.id });
    const flagged = await fetch(`${streamUrl}/moderation/flag?api_key=${vars.STREAM_API_KEY}`, {
      method: 'POST',
      headers: {
        authorization: streamToken.body.token,
        'stream-auth-type': 'jwt',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ target_message_id: target.id, reason: 'rude' }),
    });
    expect(flagged.status, await flagged.clone().text()).toBe(201);
    const reported = await until(async () => {
      const queue = await json('/moderation/reports', { token: adminToken });
      return queue.body.reports?.some(
        (r: { source: string; message: { id: string } }) =>
          r.source === 'stream_flag' && r.message.id === target.id,
      );
    }, 15_000);
    expect(reported, 'the flag is not in the moderators’ queue 15 s later').toBe(true);

    // Removed from the tenant, while Stream still lists them (the webhook is held back so the
    // repair cannot take them out first): the hook refuses their message.
    await server.updateAppSettings({ webhook_url: 'http://127.0.0.1:9/held-back' });
    try {
      const removed = await fetch(`${api}/tenants/${tenantId}/members/${memberId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(removed.status).toBe(204);
      // As if the removal's Stream side had not landed: still in the channel and the team.
      await server.partialUpdateUser({ id: memberId, set: { teams: [tenantId] } });
      await server.channel('messaging', streamId).addMembers([memberId]);
      // A fresh Stream token (their session is alive; the old token was revoked with the removal).
      const fresh = await json('/stream/token', { token: member.body.token });
      streamToken.body.token = fresh.body.token;
      const refused = await send('let me back in');
      expect(refused).toMatchObject({
        type: 'error',
        text: expect.stringContaining('not a member'),
      });
      const hookCalls = await (await fetch(`${streamUrl}/__control/before-send`)).json();
      expect(JSON.stringify(hookCalls)).toContain('not a member');
    } finally {
      await server.updateAppSettings({ webhook_url: `${api}/webhooks/stream` });
    }
  }, 90_000);

  it('leaves no process behind and frees the ports when the terminal closes (SIGHUP)', async () => {
    const pid = launcher.child.pid as number;
    const tree = descendants(pid);
    // npm, sh, the launcher, wrangler, workerd, esbuild: more than the launcher alone.
    expect(tree.length).toBeGreaterThan(3);
    process.kill(-pid, 'SIGHUP');
    await launcher.exited;
    const gone = await until(() => tree.every((p) => !alive(p)), 15_000);
    expect(gone, `still running: ${tree.filter(alive).join(', ')}`).toBe(true);
    for (const port of Object.values(ports)) expect(await portFree(port)).toBe(true);
  }, 30_000);
});

describe('npm run dev refuses, naming the problem, before it starts anything', () => {
  function refusal(envText: string, port: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'dev-refuses-'));
    try {
      writeFileSync(join(dir, 'dev.vars'), envText);
      const run = spawnSync(
        'npm',
        ['run', 'dev', '--', '--env-file', join(dir, 'dev.vars'), '--data-dir', join(dir, 'data')],
        {
          env: devEnv({ PORT: String(port) }),
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(run.status).toBe(1);
      return run.stderr;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a port in use: which service, which address, which setting', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => holder.once('listening', r));
    const busy = (holder.address() as { port: number }).port;
    try {
      const vars = readFileSync('.dev.vars.example', 'utf8').replace(
        '127.0.0.1:3030',
        `127.0.0.1:${busy}`,
      );
      expect(refusal(vars, await freePort())).toContain(
        `Stream emulator: 127.0.0.1:${busy} is in use; set STREAM_BASE_URL or stop the other process`,
      );
    } finally {
      holder.close();
    }
  }, 40_000);

  it('an endpoint without /sql', async () => {
    const vars = readFileSync('.dev.vars.example', 'utf8').replace(
      '127.0.0.1:4444/sql',
      '127.0.0.1:4444',
    );
    expect(refusal(vars, await freePort())).toContain(
      'NEON_HTTP_ENDPOINT=http://127.0.0.1:4444 must be the full SQL-over-HTTP URL ending in /sql',
    );
  }, 40_000);

  it('a database that does not answer: the step, the host and the cause', async () => {
    // Endpoints off the loopback names start no stand-in, as real Neon and Stream do not.
    const [sql, stream, mail] = [await freePort(), await freePort(), await freePort()];
    const vars = withWebPort(readFileSync('.dev.vars.example', 'utf8'), await freePort())
      .replace(/^EMAIL_API_URL=.*$/m, `EMAIL_API_URL=http://127.0.0.1:${mail}`)
      .replace(/^NEON_HTTP_ENDPOINT=.*$/m, `NEON_HTTP_ENDPOINT=http://0.0.0.0:${sql}/sql`)
      .replace(/^STREAM_BASE_URL=.*$/m, `STREAM_BASE_URL=http://0.0.0.0:${stream}`)
      .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${'j'.repeat(48)}`)
      .replace(/^STREAM_API_SECRET=.*$/m, `STREAM_API_SECRET=${'s'.repeat(40)}`);
    const stderr = refusal(vars, await freePort());
    expect(stderr).toContain(
      `applying the migrations failed (database localhost at http://0.0.0.0:${sql}/sql)`,
    );
    expect(stderr).toContain(`ECONNREFUSED 0.0.0.0:${sql}`);
  }, 40_000);
});
