/**
 * A call the emulator does not emulate answers so (local/stream/not-emulated.ts), not with
 * Stream's 404/16 "does not exist".
 */
import { assertRejects } from './assert';
import type { Scenario } from './context';

export const answersClearly: Scenario = async (ctx) => {
  await ctx.users('alice');
  const alice = await ctx.connect('alice');
  await assertRejects(
    alice.createPoll({ name: 'Lunch?', options: [{ text: 'yes' }] }),
    {
      status: 501,
      code: 19,
      message: 'CreatePoll (POST /polls) is not emulated by the local Stream emulator',
    },
    'createPoll',
  );
};
