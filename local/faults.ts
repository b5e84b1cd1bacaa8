/**
 * Fault and latency injection shared by the local stand-ins (Neon endpoint, Stream emulator).
 *
 * A rule matches an operation name (e.g. "SendMessage", "query", or "*") and either delays the
 * call, fails it with a given HTTP status (and service error code), or both. Rules run for the
 * next `count` matching calls, or for a `ratio` of them, or until cleared. Served under
 * `/__control/faults` by each stand-in; never part of anything deployed.
 */
import { Hono } from 'hono';
import { z } from 'zod';

export const faultRuleSchema = z
  .object({
    /** Operation name as the stand-in reports it, or "*" for every operation. */
    op: z.string().min(1).default('*'),
    /** Added latency before the call is answered (or fails). */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** HTTP status to fail with. Absent = latency only. */
    status: z.number().int().min(400).max(599).optional(),
    /** Service error code (Stream: a number such as -1 or 9; Neon: an SQLSTATE string). */
    code: z.union([z.number().int(), z.string()]).optional(),
    message: z.string().optional(),
    /** Drop the connection instead of answering (a network failure as the client sees it). */
    drop: z.boolean().default(false),
    /** Let this many matching calls through untouched first (fail "the second query"). */
    skip: z.number().int().min(0).default(0),
    /** Apply to the next N matching calls only. */
    count: z.number().int().min(1).optional(),
    /** Apply to this share of matching calls (0..1]. */
    ratio: z.number().gt(0).max(1).optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & {
  id: number;
  hits: number;
  skipped: number;
};

/** What the stand-in must do for one call, after any latency has elapsed. */
export type FaultOutcome =
  | { kind: 'pass' }
  | { kind: 'fail'; rule: FaultRule }
  | { kind: 'drop'; rule: FaultRule };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      ...faultRuleSchema.parse(input),
      id: this.nextId++,
      hits: 0,
      skipped: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /** Decide what happens to one call of `op`; waits out any injected latency first. */
  async apply(op: string): Promise<FaultOutcome> {
    const rule = this.rules.find((r) => (r.op === '*' || r.op === op) && this.fires(r));
    if (!rule) return { kind: 'pass' };
    if (rule.skipped < rule.skip) {
      rule.skipped++;
      return { kind: 'pass' };
    }
    rule.hits++;
    if (rule.count !== undefined && rule.hits >= rule.count) {
      this.rules = this.rules.filter((r) => r !== rule);
    }
    if (rule.latencyMs > 0) await sleep(rule.latencyMs);
    if (rule.drop) return { kind: 'drop', rule };
    if (rule.status !== undefined) return { kind: 'fail', rule };
    return { kind: 'pass' };
  }

  private fires(rule: FaultRule): boolean {
    return rule.ratio === undefined || this.random() < rule.ratio;
  }
}

/** `GET|POST|DELETE /__control/faults` for one injector. */
export function faultControlRoutes(injector: FaultInjector): Hono {
  return new Hono()
    .get('/', (c) => c.json({ rules: injector.list() }))
    .post('/', async (c) => {
      const parsed = faultRuleSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        return c.json({ error: 'invalid fault rule', issues: parsed.error.issues }, 400);
      }
      return c.json({ rule: injector.add(parsed.data) }, 201);
    })
    .delete('/', (c) => {
      injector.clear();
      return c.body(null, 204);
    });
}
