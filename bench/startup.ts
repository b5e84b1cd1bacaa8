/**
 * Startup CPU, in the harness of `wrangler check startup`: the Worker's upload bundle (every
 * module but the source maps, with its compatibility date and flags) in a fresh workerd
 * (Miniflare) behind an entry module that imports the Worker's main module on the first request.
 * Each run measures that first request one of two ways:
 *
 *  - cpu: the CPU time workerd's threads spend on it, read from Linux's per-thread scheduler
 *    statistics (nanoseconds). This is the figure the bench compares: other work on the machine
 *    delays it but does not add to it. (Elsewhere it is absent, and `active` is compared.)
 *  - active and sampled: what `wrangler check startup` prints, from V8's profiler at its default
 *    interval: the sum of the profile's sample intervals, and of those whose sample was not idle.
 *    These are wall-clock intervals: on a busy machine a sample may stand for time the thread
 *    spent waiting for a core, and a bare Worker gets 3–5 samples, so its active time reads 0 ms
 *    in one run and 20 ms in the next.
 *
 * Every Worker is measured once per round, in an order that rotates each round, so machine load
 * falls on all of them alike.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import WebSocket from 'ws';
import { median, type Ratio, ratioOfMedians, rotate, round } from './stats.ts';

export interface StartupRun {
  /** ms; absent where the OS does not give per-thread CPU time. */
  cpu?: number;
  active: number;
  sampled: number;
}

/** Per-thread CPU time from /proc (Linux). */
export const CPU_TIME_AVAILABLE = existsSync('/proc/self/task');

const MODULE_TYPES: Record<string, 'ESModule' | 'CommonJS' | 'Text' | 'Data' | 'CompiledWasm'> = {
  'application/javascript+module': 'ESModule',
  'application/javascript': 'CommonJS',
  'text/plain': 'Text',
  'application/octet-stream': 'Data',
  'application/wasm': 'CompiledWasm',
};

interface Upload {
  mainModule: string;
  compatibilityDate?: string;
  compatibilityFlags?: string[];
  modules: { type: string; path: string; contents: Uint8Array }[];
}

/** wrangler's upload bundle (`wrangler deploy --outfile`): multipart form data. */
async function readUpload(file: string): Promise<Upload> {
  const bytes = readFileSync(file);
  const boundary = bytes.subarray(2, bytes.indexOf(10)).toString().trim();
  const form = await new Response(bytes, {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }).formData();
  const metadata = JSON.parse(String(form.get('metadata'))) as {
    main_module: string;
    compatibility_date?: string;
    compatibility_flags?: string[];
  };
  const modules: Upload['modules'] = [];
  for (const [path, entry] of form.entries()) {
    if (typeof entry === 'string' || entry.type === 'application/source-map') continue;
    const type = MODULE_TYPES[entry.type];
    if (!type) throw new Error(`${file}: module ${path} of unknown type ${entry.type}`);
    modules.push({ type, path, contents: new Uint8Array(await entry.arrayBuffer()) });
  }
  return {
    mainModule: metadata.main_module,
    compatibilityDate: metadata.compatibility_date,
    compatibilityFlags: metadata.compatibility_flags,
    modules,
  };
}

interface Profile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function summarize(profile: Profile): StartupRun {
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let sampled = 0;
  let idle = 0;
  profile.timeDeltas.forEach((delta, i) => {
    sampled += delta;
    if (names.get(profile.samples[i]!) === '(idle)') idle += delta;
  });
  return { sampled: round(sampled / 1000, 2), active: round((sampled - idle) / 1000, 2) };
}

/** Sends inspector commands over `ws` and resolves with their results. */
function inspector(ws: WebSocket) {
  let id = 0;
  const pending = new Map<number, { done: (r: unknown) => void; fail: (e: Error) => void }>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.fail(new Error(`inspector: ${JSON.stringify(message.error)}`));
    else waiter.done(message.result);
  });
  return <T>(method: string, params?: unknown) =>
    new Promise<T>((done, fail) => {
      pending.set(++id, { done: done as (r: unknown) => void, fail });
      ws.send(JSON.stringify({ id, method, params }));
    });
}

function harness(upload: Upload, inspect: boolean): Miniflare {
  return new Miniflare(
    convertV4MiniflareOptions({
      name: 'startup',
      compatibilityDate: upload.compatibilityDate,
      compatibilityFlags: upload.compatibilityFlags,
      modulesRoot: '/',
      modules: [
        {
          type: 'ESModule',
          // A name no module of the upload has.
          path: `bench-startup-entry-${process.pid}.js`,
          contents: `export default { async fetch() { await import(${JSON.stringify(upload.mainModule)}); return new Response('ok'); } };`,
        },
        ...upload.modules,
      ],
      inspectorPort: inspect ? 0 : undefined,
      handleStructuredLogs: () => undefined,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
}

async function firstRequest(mf: Miniflare) {
  const res = await mf.dispatchFetch('https://example.com');
  const text = await res.text();
  if (!res.ok) throw new Error(`the Worker failed to start: ${res.status} ${text.slice(0, 500)}`);
}

/** Processes this one started (workerd is Miniflare's child). */
function children(): Set<number> {
  const found = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) found.add(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** CPU time of all of a process's threads so far, ns. */
function cpuNs(pid: number): number {
  let sum = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended while we looked.
    }
  }
  return sum;
}

async function cpuOnce(upload: Upload): Promise<number> {
  const before = children();
  const mf = harness(upload, false);
  try {
    await mf.ready;
    const workerd = [...children()].filter((pid) => !before.has(pid));
    if (workerd.length !== 1) throw new Error(`expected one new workerd, found ${workerd.length}`);
    const t0 = cpuNs(workerd[0]!);
    await firstRequest(mf);
    return round((cpuNs(workerd[0]!) - t0) / 1e6, 2);
  } finally {
    await mf.dispose();
  }
}

async function profileOnce(upload: Upload): Promise<StartupRun> {
  const mf = harness(upload, true);
  let ws: WebSocket | undefined;
  const timeout = setTimeout(() => ws?.terminate(), 60_000);
  try {
    await mf.ready;
    const url = await mf.getInspectorURL();
    ws = new WebSocket(new URL('/core:user:startup', url.href));
    await new Promise((done, fail) => {
      ws!.once('open', done);
      ws!.once('error', fail);
      ws!.once('close', () => fail(new Error('the profiler connection closed')));
    });
    const send = inspector(ws);
    await send('Profiler.enable');
    await send('Profiler.start');
    await firstRequest(mf);
    const { profile } = await send<{ profile: Profile }>('Profiler.stop');
    return summarize(profile);
  } finally {
    clearTimeout(timeout);
    ws?.removeAllListeners('close');
    ws?.terminate();
    await mf.dispose();
  }
}

type Metric = keyof StartupRun;
const METRICS: Metric[] = ['cpu', 'active', 'sampled'];

/** The figure ratios and targets use: CPU time where the OS gives it. */
export const PRIMARY: Metric = CPU_TIME_AVAILABLE ? 'cpu' : 'active';

export interface StartupSummary {
  metric: Metric;
  rounds: number;
  /** Per subject: the median of each figure (ms), and every run in round order. */
  subjects: Record<string, Partial<Record<Metric, number>> & { runs: StartupRun[] }>;
}

/** `uploads`: subject name → its upload bundle. */
export async function measureStartup(
  uploads: Record<string, string>,
  rounds: number,
  onRound?: (round: number) => void,
): Promise<StartupSummary> {
  const names = Object.keys(uploads);
  const loaded = new Map<string, Upload>();
  for (const n of names) loaded.set(n, await readUpload(uploads[n]!));
  const runs: Record<string, StartupRun[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    onRound?.(r);
    for (const name of rotate(names, r)) {
      const upload = loaded.get(name)!;
      const cpu = CPU_TIME_AVAILABLE ? await cpuOnce(upload) : undefined;
      runs[name]!.push({ cpu, ...(await profileOnce(upload)) });
    }
  }
  const medians = (xs: StartupRun[]) =>
    Object.fromEntries(
      METRICS.filter((m) => xs.every((x) => x[m] !== undefined)).map((m) => [
        m,
        round(median(xs.map((x) => x[m]!))),
      ]),
    );
  return {
    metric: PRIMARY,
    rounds,
    subjects: Object.fromEntries(names.map((n) => [n, { ...medians(runs[n]!), runs: runs[n]! }])),
  };
}

/**
 * `num` ÷ `den` for each figure both have: ratio of the medians, and the range of the per-round
 * ratios (null where the denominator's median is 0, as a bare Worker's active time can be).
 */
export function startupRatios(
  s: StartupSummary,
  num: string,
  den: string,
): Partial<Record<Metric, Ratio | null>> {
  const a = s.subjects[num]!.runs;
  const b = s.subjects[den]!.runs;
  const out: Partial<Record<Metric, Ratio | null>> = {};
  for (const m of METRICS) {
    if (a.some((x) => x[m] === undefined) || b.some((x) => x[m] === undefined)) continue;
    out[m] = ratioOfMedians(a.map((x, i) => [[x[m]!], [b[i]![m]!]] as [number[], number[]]));
  }
  return out;
}
