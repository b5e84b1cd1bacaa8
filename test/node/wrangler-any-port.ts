/**
 * `wrangler dev` on a port the system picks: it binds port 0 and the URL is read back from its
 * "Ready on http://…" line. A port chosen beforehand (listen on 0, close, hand the number over)
 * can be taken by another process before wrangler binds it, as other test files and other
 * checkouts start servers at the same time.
 */
import {
  startWranglerDev,
  type WranglerDev,
  type WranglerDevOptions,
  waitForWorker,
} from '../../local/wrangler-dev';

const READY = /Ready on (http:\/\/127\.0\.0\.1:\d+)/;

export async function startWranglerDevOnAnyPort(
  options: Omit<WranglerDevOptions, 'port' | 'output'>,
  timeoutMs = 60_000,
): Promise<WranglerDev> {
  const worker = startWranglerDev({ ...options, port: 0 });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(`no "Ready on" line within ${timeoutMs} ms`), timeoutMs);
    function fail(why: string) {
      clearTimeout(timer);
      reject(new Error(`wrangler dev: ${why}; its output:\n${worker.outputTail()}`));
    }
    for (const stream of [worker.process.stdout, worker.process.stderr]) {
      stream?.on('data', (chunk: string) => {
        seen += chunk;
        const ready = READY.exec(seen);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
    }
    worker.process.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
  }).catch(async (err: unknown) => {
    await worker.stop();
    throw err;
  });
  const started = { ...worker, url };
  await waitForWorker(started, timeoutMs);
  return started;
}
