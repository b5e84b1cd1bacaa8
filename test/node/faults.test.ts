import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../local/faults';

describe('FaultInjector', () => {
  it('applies a counted rule to the next N matching calls only', async () => {
    const f = new FaultInjector();
    f.add({ op: 'SendMessage', status: 503, count: 2 });
    expect((await f.apply('UpdateUsers')).kind).toBe('pass');
    expect((await f.apply('SendMessage')).kind).toBe('fail');
    expect((await f.apply('SendMessage')).kind).toBe('fail');
    expect((await f.apply('SendMessage')).kind).toBe('pass');
    expect(f.list()).toEqual([]);
  });

  it('applies a ratio rule to that share of calls', async () => {
    const draws = [0.1, 0.9, 0.2, 0.6];
    const f = new FaultInjector(() => draws.shift() ?? 1);
    f.add({ op: '*', drop: true, ratio: 0.5 });
    const kinds = [];
    for (let i = 0; i < 4; i++) kinds.push((await f.apply('query')).kind);
    expect(kinds).toEqual(['drop', 'pass', 'drop', 'pass']);
  });

  it('delays by the injected latency, then passes when no status is set', async () => {
    const f = new FaultInjector();
    f.add({ op: 'query', latencyMs: 120 });
    const started = Date.now();
    expect((await f.apply('query')).kind).toBe('pass');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('rejects invalid rules and clears all', () => {
    const f = new FaultInjector();
    expect(() => f.add({ op: 'x', status: 200 })).toThrow();
    f.add({ op: 'x', status: 500 });
    f.clear();
    expect(f.list()).toEqual([]);
  });
});
