/**
 * Realtime helpers for the emulator test files (the emulator itself comes from
 * ../stream-harness.ts): waiting for an event on a connected SDK client, recording events,
 * and the common two-watcher set-up.
 */
import type { Event, StreamChat } from 'stream-chat';
import type { Harness } from '../stream-harness';

export { KEY, SECRET, useStreamEmulator } from '../stream-harness';

/** Generous: events arrive in milliseconds; this only bounds a failing test. */
export const EVENT_WAIT_MS = 15_000;

/** alice and bob connected, both members of messaging:general, both watching it. */
export async function twoWatchers(h: Harness, id = 'general') {
  const alice = await h.connect('alice');
  const bob = await h.connect('bob');
  await h.server
    .channel('messaging', id, { created_by_id: 'alice', members: ['alice', 'bob'] })
    .create();
  const aliceChannel = alice.channel('messaging', id);
  const bobChannel = bob.channel('messaging', id);
  await aliceChannel.watch();
  await bobChannel.watch();
  return { alice, bob, aliceChannel, bobChannel };
}

/** The next event of `type` on `client` (matching `where`), or a failure after EVENT_WAIT_MS. */
export function nextEvent(
  client: StreamChat,
  type: string,
  where: (event: Event) => boolean = () => true,
): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`no ${type} event within ${EVENT_WAIT_MS} ms`));
    }, EVENT_WAIT_MS);
    const subscription = client.on(type, (event) => {
      if (!where(event)) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve(event);
    });
  });
}

/** Collects every event of `type` on `client` until `stop()`; for "nothing arrived" checks. */
export function recordEvents(client: StreamChat, type: string) {
  const events: Event[] = [];
  const subscription = client.on(type, (event) => events.push(event));
  return { events, stop: () => subscription.unsubscribe() };
}
