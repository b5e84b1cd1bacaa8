/** The bench's command line: its options, their defaults, and the usage `--help` prints. */
import { parseArgs } from 'node:util';

export const PHASES = ['startup', 'routes', 'probes', 'load'] as const;
export type Phase = (typeof PHASES)[number];

export const USAGE = `Usage: npm run bench [-- options]

Measures the app against a bare floor Worker and against a baseline commit, every figure a ratio
taken in this run (docs/performance.md).

  --baseline <commit|none>  the commit to run beside the working tree (default: where the current
                            work started: the merge-base with main when HEAD is ahead of it; on
                            main, HEAD if the tree has uncommitted changes, else HEAD~1)
  --json                    write the result as JSON, alone on stdout (progress goes to stderr;
                            use npm run -s, or npm's own banner precedes it)
  --only <phases>           comma-separated subset of: ${PHASES.join(', ')} (default: all)
  --startup-runs <n>        wrangler check startup runs per Worker, interleaved (default 9)
  --latency <ms>            latency added to every Neon and Stream call for trip counting (50)
  --samples <n>             samples per arm for trip counting, at least 20 (20)
  --cold-samples <n>        samples per arm for the cold-isolate rows (12)
  --trip-rounds <n>         rounds the trip samples are spread over (4)
  --rounds <n>              load rounds, each subject once per round (5)
  --seconds <n>             seconds per load run, after 1 s of warm-up, at least 5 (5)
  --connections <n>         concurrent connections per load run (10)
  -h, --help                print this and exit

The result is also written to artifacts/bench.json.
`;

export interface Options {
  json: boolean;
  help: boolean;
  /** undefined: the default baseline; null: none. */
  baseline: string | null | undefined;
  phases: Set<Phase>;
  startupRuns: number;
  latency: number;
  samples: number;
  coldSamples: number;
  tripRounds: number;
  rounds: number;
  seconds: number;
  connections: number;
}

const positive = (name: string, value: string, min = 1): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};

export function parseOptions(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      baseline: { type: 'string' },
      only: { type: 'string', default: PHASES.join(',') },
      'startup-runs': { type: 'string', default: '9' },
      latency: { type: 'string', default: '50' },
      samples: { type: 'string', default: '20' },
      'cold-samples': { type: 'string', default: '12' },
      'trip-rounds': { type: 'string', default: '4' },
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '10' },
    },
  });
  const phases = new Set<Phase>();
  for (const p of v.only.split(',').map((s) => s.trim())) {
    if (!(PHASES as readonly string[]).includes(p)) {
      throw new Error(`--only: unknown phase "${p}" (one of ${PHASES.join(', ')})`);
    }
    phases.add(p as Phase);
  }
  return {
    json: v.json,
    help: v.help,
    baseline: v.baseline === undefined ? undefined : v.baseline === 'none' ? null : v.baseline,
    phases,
    startupRuns: positive('startup-runs', v['startup-runs']),
    latency: positive('latency', v.latency),
    samples: positive('samples', v.samples, 20),
    coldSamples: positive('cold-samples', v['cold-samples']),
    tripRounds: positive('trip-rounds', v['trip-rounds']),
    rounds: positive('rounds', v.rounds),
    seconds: positive('seconds', v.seconds, 5),
    connections: positive('connections', v.connections),
  };
}
