import { expect, it } from 'vitest';
import { FaultInjector } from '../../local/faults';

it('fault injector applies a counted rule once', async () => {
  const f = new FaultInjector();
  f.add({ op: 'x', status: 503, count: 1 });
  expect((await f.apply('x')).kind).toBe('fail');
  expect((await f.apply('x')).kind).toBe('pass');
});
