/**
 * A local HTTP server standing in for our API's hook endpoints in the emulator's webhook and
 * before-send tests: it records every request (headers and raw body bytes) and answers as the
 * test says: a status and body, a hang (no answer until the server closes), or an answer the
 * test releases when it chooses. Binds port 0 on loopback.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { EVENT_WAIT_MS } from './harness';

export interface Captured {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Answer = { status: number; body?: string } | 'hang';

export interface HookServer {
  readonly url: string;
  readonly requests: Captured[];
  /** How to answer the n-th request (0-based); default 200 `{}`. Reset before each test. */
  answer: (request: Captured, n: number) => Answer | Promise<Answer>;
  /** The first `count` requests, once they have arrived (fails after EVENT_WAIT_MS). */
  received(count: number): Promise<Captured[]>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export function useHookServer(): HookServer {
  const defaultAnswer = (): Answer => ({ status: 200, body: '{}' });
  let url = '';
  let waiters: (() => void)[] = [];
  const hooks: HookServer = {
    get url() {
      return url;
    },
    requests: [],
    answer: defaultAnswer,
    received(count) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (hooks.requests.length < count) return false;
          clearTimeout(timer);
          resolve(hooks.requests.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`${hooks.requests.length} of ${count} hook requests arrived`));
        }, EVENT_WAIT_MS);
        const waiter = () => {
          if (check()) waiters = waiters.filter((w) => w !== waiter);
        };
        if (!check()) waiters.push(waiter);
      });
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const captured = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      const n = hooks.requests.length;
      hooks.requests.push(captured);
      for (const waiter of [...waiters]) waiter();
      const answer = await hooks.answer(captured, n);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body ?? '');
    });
  });

  beforeAll(async () => {
    url = `http://127.0.0.1:${await listen(server)}`;
  });
  beforeEach(() => {
    hooks.requests.length = 0;
    hooks.answer = defaultAnswer;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return hooks;
}

/** An answer the test releases later: `answer` waits on `wait`, `release()` lets it go. */
export function gate(): { wait: Promise<void>; release: () => void } {
  let release = () => {};
  const wait = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { wait, release };
}
