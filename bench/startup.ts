/**
 * Startup CPU, measured with the harness of `wrangler check startup` at a finer sampling interval.
 *
 * As `wrangler check startup` does: load the Worker's upload bundle (every module but the source
 * maps, with its compatibility date and flags) into a fresh workerd (Miniflare) behind an entry
 * module that imports the Worker's main module on the first request, start V8's profiler over
 * the inspector, send that request, stop the profiler, and sum the profile's sample intervals:
 * "sampled" time (all of them) and "active" time (those whose sample was not idle: the CPU the
 * startup used, the figure the bench compares). The one difference: samples every 50 µs. At the
 * profiler's default interval a bare Worker's startup gets 3–5 samples, so its active time reads
 * 0 ms in one run and 20 ms in the next, and no ratio to it means anything.
 *
 * Every Worker is profiled once per round, in an order that rotates each round, so machine load
 * falls on all of them alike.
 */
import { readFileSync } from 'node:fs';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import WebSocket from 'ws';
import { median, type Ratio, ratioOfMedians, rotate, round } from './stats.ts';

export const SAMPLING_INTERVAL_US = 50;

export interface StartupRun {
  active: number;
  sampled: number;
}

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

async function profileOnce(upload: Upload): Promise<StartupRun> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: 'profiler',
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
      inspectorPort: 0,
      handleStructuredLogs: () => undefined,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  let ws: WebSocket | undefined;
  const timeout = setTimeout(() => ws?.terminate(), 60_000);
  try {
    await mf.ready;
    const url = await mf.getInspectorURL();
    ws = new WebSocket(new URL('/core:user:profiler', url.href));
    await new Promise((done, fail) => {
      ws!.once('open', done);
      ws!.once('error', fail);
      ws!.once('close', () => fail(new Error('the profiler connection closed')));
    });
    const send = inspector(ws);
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await send('Profiler.start');
    const res = await mf.dispatchFetch('https://example.com');
    const text = await res.text();
    if (!res.ok) throw new Error(`the Worker failed to start: ${res.status} ${text.slice(0, 500)}`);
    const { profile } = await send<{ profile: Profile }>('Profiler.stop');
    return summarize(profile);
  } finally {
    clearTimeout(timeout);
    ws?.removeAllListeners('close');
    ws?.terminate();
    await mf.dispose();
  }
}

export interface StartupSummary {
  /** Per subject: medians, minimum, and every run in round order. */
  subjects: Record<
    string,
    { active_ms: number; sampled_ms: number; active_min_ms: number; runs: StartupRun[] }
  >;
  rounds: number;
}

/** `uploads`: subject name → its upload bundle. */
export async function profileStartup(
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
    for (const name of rotate(names, r)) runs[name]!.push(await profileOnce(loaded.get(name)!));
  }
  return {
    subjects: Object.fromEntries(
      names.map((n) => {
        const xs = runs[n]!;
        return [
          n,
          {
            active_ms: round(median(xs.map((x) => x.active))),
            sampled_ms: round(median(xs.map((x) => x.sampled))),
            active_min_ms: Math.min(...xs.map((x) => x.active)),
            runs: xs,
          },
        ];
      }),
    ),
    rounds,
  };
}

/** `num` ÷ `den` for one metric: ratio of the medians, and the range of the per-round ratios. */
export function startupRatio(
  s: StartupSummary,
  num: string,
  den: string,
  metric: keyof StartupRun,
): Ratio {
  const a = s.subjects[num]!.runs;
  const b = s.subjects[den]!.runs;
  return ratioOfMedians(a.map((x, i) => [[x[metric]], [b[i]![metric]]] as [number[], number[]]));
}
