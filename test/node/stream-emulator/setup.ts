/**
 * Shared setup for the emulator's realtime test files: one emulator per file on free ports,
 * a server client, and user clients connected over the WebSocket with the real
 * `stream-chat` SDK (Node build), as a frontend would use it.
 */
import { type Event, StreamChat } from 'stream-chat';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  type StreamEmulator,
  type StreamEmulatorOptions,
  startStreamEmulator,
} from '../../../local/stream/server';

export const KEY = 'emulator-key';
export const SECRET = 'emulator-secret';
/** Generous: events arrive in milliseconds; this only bounds a failing test. */
export const EVENT_WAIT_MS = 5_000;

export interface EmulatorHarness {
  readonly emulator: StreamEmulator;
  readonly server: StreamChat;
  /** A client-side SDK instance (no secret), disconnected after the test. */
  userClient(options?: { baseURL?: string }): StreamChat;
  /** Upserts the user (server side) and connects a client with a fresh token. */
  connect(userId: string, extra?: { teams?: string[]; role?: string }): Promise<StreamChat>;
}

export function useEmulator(options: Partial<StreamEmulatorOptions> = {}): EmulatorHarness {
  let emulator: StreamEmulator | undefined;
  let server: StreamChat | undefined;
  const clients: StreamChat[] = [];

  beforeAll(async () => {
    emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    const reset = await fetch(`${harness.emulator.url}/__control/reset`, { method: 'POST' });
    if (!reset.ok) throw new Error(`reset failed: ${reset.status}`);
    server = new StreamChat(KEY, SECRET, { baseURL: harness.emulator.url });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.disconnectUser()));
  });

  const harness: EmulatorHarness = {
    get emulator() {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
    get server() {
      if (!server) throw new Error('server client not created');
      return server;
    },
    userClient(clientOptions = {}) {
      const client = new StreamChat(KEY, {
        baseURL: clientOptions.baseURL ?? harness.emulator.url,
        allowServerSideConnect: true,
      });
      clients.push(client);
      return client;
    },
    async connect(userId, extra = {}) {
      await harness.server.upsertUser({ id: userId, ...extra });
      const client = harness.userClient();
      await client.connectUser({ id: userId }, harness.server.createToken(userId));
      return client;
    },
  };
  return harness;
}

/** alice and bob connected, both members of messaging:general, both watching it. */
export async function twoWatchers(h: EmulatorHarness, id = 'general') {
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
