/**
 * What parity-b's scenarios (mutes-events.ts, users-bans-unread.ts, uploads.ts) need from a runner,
 * and the asserts they use. Scenarios use only the `stream-chat` SDK and these helpers, so the
 * same code runs in Node and, bundled, in Chromium; nothing here imports Node or vitest.
 */
import type { Event, StreamChat } from 'stream-chat';

export interface ParityContext {
  /** The emulator's URL (the SDK's `baseURL`). */
  baseURL: string;
  /** A server-side client (API secret). */
  server: StreamChat;
  /** A user client connected over the WebSocket; the runner disconnects it afterwards. */
  connect(userId: string): Promise<StreamChat>;
  /** A user client with a token but no WebSocket (REST calls only). */
  rest(userId: string): Promise<StreamChat>;
  /**
   * Something `channel.sendFile` / `sendImage` upload with this name and type: a `File` in a
   * browser, a `Buffer` in Node (whose multipart encoder takes the type from the name).
   */
  file(bytes: Uint8Array, name: string, type: string): File;
  /** `name` made unique (per call), so scenarios never see each other's users or channels. */
  id(name: string): string;
}

export type Scenario = (ctx: ParityContext) => Promise<void>;

export class ParityAssertionError extends Error {
  override name = 'ParityAssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ParityAssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new ParityAssertionError(`${what}: expected ${e}, got ${a}`);
}

/** The error of a call that must fail with Stream's `status` and `code`. */
export async function assertStreamError(
  promise: Promise<unknown>,
  expected: { status: number; code: number },
  what: string,
): Promise<Error & { code?: number; status?: number }> {
  let error: (Error & { code?: number; status?: number }) | undefined;
  try {
    await promise;
  } catch (caught) {
    error = caught as Error & { code?: number; status?: number };
  }
  assert(error, `${what}: expected Stream error ${expected.code}, but the call succeeded`);
  assertEqual(
    { status: error.status, code: error.code },
    { status: expected.status, code: expected.code },
    `${what} (${error.message})`,
  );
  return error;
}

/** The error of a connectUser that Stream refuses (a `connection.error` frame). */
export async function assertConnectRefused(
  promise: Promise<unknown>,
  code: number,
  what: string,
): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert(error, `${what}: expected the connection to be refused`);
  // The SDK rejects with an Error whose message is the JSON of the WebSocket error.
  const parsed = JSON.parse((error as Error).message) as { code?: number };
  assertEqual(parsed.code, code, `${what}: error code`);
}

const EVENT_WAIT_MS = 10_000;

/** The next event of `type` on `client` that matches `where`, or a failure after 10 s. */
export function nextEvent(
  client: StreamChat,
  type: string,
  where: (event: Event) => boolean = () => true,
): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new ParityAssertionError(`no ${type} event within ${EVENT_WAIT_MS} ms`));
    }, EVENT_WAIT_MS);
    const subscription = client.on(type, (event) => {
      if (!where(event)) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve(event);
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` every 50 ms until it holds, or fails after 10 s. */
export async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + EVENT_WAIT_MS;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new ParityAssertionError(`${what}: not within ${EVENT_WAIT_MS} ms`);
    await sleep(50);
  }
}

/** Whether the client's WebSocket is closed (readyState 3, in Node and in browsers). */
export function socketClosed(client: StreamChat): boolean {
  const ws = client.wsConnection?.ws as { readyState?: number } | undefined;
  return ws?.readyState === 3;
}

/** Upserts users named after their ids (ids from `ctx.id`). */
export async function users(ctx: ParityContext, ...names: string[]): Promise<string[]> {
  const ids = names.map((name) => ctx.id(name));
  await ctx.server.upsertUsers(ids.map((id) => ({ id, name: id })));
  return ids;
}

/** Fields the emulator (like Stream) requires in every UpdateChannelType. */
export const REQUIRED_TYPE_FIELDS = {
  max_message_length: 5000,
  automod: 'disabled',
  automod_behavior: 'flag',
} as const;

/** A `messaging` channel created server-side by the first member. */
export async function channelOf(ctx: ParityContext, members: string[], type = 'messaging') {
  const id = ctx.id('channel');
  const channel = ctx.server.channel(type, id, { created_by_id: members[0], members });
  await channel.create();
  return { id, cid: `${type}:${id}`, type };
}
