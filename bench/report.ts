/** The bench's result: its shape, the targets checked against it, and the table it prints. */
import type { Probe } from './probes.ts';
import type { StartupSummary } from './startup.ts';
import { formatRatio, type Ratio } from './stats.ts';
import type { RouteRow } from './trips.ts';

/** The commit issue 11 was filed against: its startup target is "at most half of" this one's. */
export const ISSUE_11_BEFORE = '775d15a';

export interface BundleSizes {
  raw_kib: number;
  gzip_kib: number;
  script_raw_kib: number;
  script_gzip_kib: number;
  lazy_modules: string[];
}

export interface LoadRow {
  route: string;
  /** Median req/s per subject over the rounds. */
  req_per_s: Record<string, number>;
  per_round: Record<string, number[]>;
  vs_floor?: Ratio;
  vs_baseline?: Ratio;
  failed: Record<string, string>;
}

type StartupRatios = Partial<Record<StartupSummary['metric'], Ratio | null>>;

export interface Target {
  target: string;
  measured: string;
  /** null: not measured in this run (phase skipped, or needs another baseline). */
  pass: boolean | null;
}

export interface Summary {
  method: Record<string, unknown>;
  conditions: Record<string, unknown>;
  subjects: {
    app: string;
    floor: string;
    baseline?: { commit: string; subject: string; why: string; from_cache: boolean };
  };
  bundle: Record<string, BundleSizes>;
  startup?: StartupSummary & {
    app_vs_floor: StartupRatios;
    app_vs_baseline?: StartupRatios;
  };
  routes?: RouteRow[];
  load?: LoadRow[];
  one_trip_probes?: Probe[];
  targets: Target[];
  total_seconds: number;
}

/** A ratio against a threshold, and whether its per-round range agrees with its verdict. */
const settled = (r: Ratio, threshold: number) =>
  `${formatRatio(r)}${r.min <= threshold && threshold <= r.max ? `; rounds fall on both sides of ${threshold}: not settled, run again` : ''}`;

export function targets(s: Omit<Summary, 'targets' | 'total_seconds'>): Target[] {
  const app = (name: string) => s.routes?.find((r) => r.route === name)?.subjects.app;
  const trips = (name: string, max: number): Target => {
    const r = app(name);
    return {
      target: `${name}: at most ${max} serial trip${max > 1 ? 's' : ''}`,
      measured: r
        ? `${r.serial_trips} (${r.serial_exact}; rounds ${r.serial_range.join('–')})`
        : 'not measured',
      pass: r ? r.serial_trips <= max : null,
    };
  };
  const send = trips('POST /messages', 1);
  if (send.pass === false && s.one_trip_probes?.some((p) => p.one_trip_would_publish)) {
    send.measured +=
      '; kept on purpose: the probes show a one-trip send would publish what the API refuses';
  }
  const gzip = s.bundle.app!.gzip_kib;
  const before = s.subjects.baseline?.commit.startsWith(ISSUE_11_BEFORE);
  const metric = s.startup?.metric;
  const vsBefore = before && metric ? s.startup?.app_vs_baseline?.[metric] : undefined;
  return [
    send,
    trips('POST /channels', 2),
    { target: 'bundle at most 250 KiB gzip', measured: `${gzip} KiB`, pass: gzip <= 250 },
    {
      target: `startup CPU at most half of issue 11's before (app ÷ ${ISSUE_11_BEFORE}, ${metric ?? 'cpu'})`,
      measured: vsBefore
        ? settled(vsBefore, 0.5)
        : vsBefore === null
          ? 'no figure: the baseline measured 0 ms'
          : `not measured: needs --baseline ${ISSUE_11_BEFORE}`,
      pass: vsBefore ? vsBefore.ratio <= 0.5 : null,
    },
    // The route reads the session, so that a signed-out device gets no Stream token: one trip,
    // by design (docs/decisions.md, "Tokens, roles and tenant isolation").
    trips('GET /stream/token', 1),
  ];
}

const pad = (v: unknown, n: number) => String(v ?? '').padEnd(n);

function routeTable(rows: RouteRow[], baseline: boolean): string[] {
  const out = [
    `${pad('route', 42)}${pad('neon', 5)}${pad('strm', 5)}${pad('after', 6)}${pad('serial (rounds)', 24)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${baseline ? `${pad('base serial', 13)}p50 ÷ base` : ''}`,
  ];
  for (const r of rows) {
    const a = r.subjects.app;
    if (!a) continue;
    const b = r.subjects.baseline;
    const base = !baseline
      ? ''
      : b
        ? `${pad(`${b.serial_trips} (${b.serial_exact})`, 13)}${formatRatio(r.p50_vs_baseline)}`
        : `n/a: ${r.skipped.baseline ?? ''}`.slice(0, 60);
    out.push(
      `${pad(r.route, 42)}${pad(a.neon_calls, 5)}${pad(a.stream_calls, 5)}${pad(a.after_response_calls, 6)}${pad(`${a.serial_trips} (${a.serial_exact}; ${a.serial_range.join('–')})`, 24)}${pad(a.p50_ms, 8)}${pad(a.p99_ms, 8)}${base}`,
    );
  }
  return out;
}

export function printable(s: Summary): string {
  const out: string[] = [];
  const base = s.subjects.baseline;
  out.push(`\napp: ${s.subjects.app}`);
  out.push(`floor: ${s.subjects.floor}`);
  out.push(base ? `baseline: ${base.subject} (${base.why})` : 'baseline: none');
  out.push('\nbundle (every module uploaded, gzip / raw KiB; the script alone):');
  for (const [name, b] of Object.entries(s.bundle)) {
    out.push(
      `  ${pad(name, 10)}${pad(`${b.gzip_kib} / ${b.raw_kib}`, 18)}script ${b.script_gzip_kib} / ${b.script_raw_kib}${b.lazy_modules.length ? `; on first use: ${b.lazy_modules.join(', ')}` : ''}`,
    );
  }
  if (s.startup) {
    const st = s.startup;
    const metrics = (['cpu', 'active', 'sampled'] as const).filter(
      (m) => st.subjects.app?.[m] !== undefined,
    );
    out.push(
      `\nstartup: the first request of a fresh workerd, importing the Worker (wrangler check startup's harness); ${st.rounds} interleaved rounds; medians, ms; compared on ${st.metric}:`,
    );
    out.push(`  ${pad('', 16)}${metrics.map((m) => pad(m, 24)).join('')}`);
    for (const [name, x] of Object.entries(st.subjects)) {
      out.push(`  ${pad(name, 16)}${metrics.map((m) => pad(x[m], 24)).join('')}`);
    }
    const line = (label: string, r: StartupRatios) =>
      `  ${pad(label, 16)}${metrics.map((m) => pad(formatRatio(r[m]), 24)).join('')}`;
    out.push(line('app ÷ floor', st.app_vs_floor));
    if (st.app_vs_baseline) out.push(line('app ÷ baseline', st.app_vs_baseline));
  }
  if (s.routes) {
    out.push('');
    out.push(...routeTable(s.routes, base !== undefined));
  }
  if (s.load) {
    out.push('\nload (req/s, median over rounds; ratios: median of per-round ratios, range):');
    for (const l of s.load) {
      const rps = Object.entries(l.req_per_s)
        .map(([n, v]) => `${n} ${v}`)
        .join(', ');
      const ratios = [
        l.vs_floor && `÷ floor ${formatRatio(l.vs_floor)}`,
        l.vs_baseline && `÷ baseline ${formatRatio(l.vs_baseline)}`,
        ...Object.entries(l.failed).map(([n, why]) => `${n} failed: ${why}`),
      ].filter(Boolean);
      out.push(`  ${pad(l.route, 28)}${pad(rps, 44)}${ratios.join('; ')}`);
    }
  }
  if (s.one_trip_probes) {
    out.push('\none-trip send probes (a user-scoped Stream send next to the database check):');
    for (const p of s.one_trip_probes) {
      out.push(
        `  ${p.probe}: API ${p.api_status}, Stream user send ${p.stream_user_send_status} -> ${p.one_trip_would_publish ? 'a one-trip send would PUBLISH what the API refuses' : 'safe'}`,
      );
    }
  }
  out.push('\ntargets (issue 11):');
  for (const t of s.targets) {
    const mark = t.pass === null ? '----' : t.pass ? 'PASS' : 'FAIL';
    out.push(`  ${mark}  ${t.target}: ${t.measured}`);
  }
  out.push(`\nconditions: ${JSON.stringify(s.conditions)}`);
  out.push(`method: ${JSON.stringify(s.method)}`);
  out.push(`${s.total_seconds} s; written: artifacts/bench.json`);
  return out.join('\n');
}
