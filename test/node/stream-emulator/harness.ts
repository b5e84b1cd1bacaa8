/**
 * The one set-up for the Stream emulator's test files: one emulator per file; per test a reset,
 * no fault rules, and fresh server clients (the app's own, src/stream/client.ts, and the SDK's
 * Node build as a Node backend makes it); frontend-style user-token clients with or without a
 * WebSocket; raw requests for what the SDK cannot send; and the realtime helpers (waiting for
 * an event, recording events, two watchers on one channel).
 */
import { readFileSync } from 'node:fs';
import { sign } from 'hono/jwt';
import { type ErrorFromResponse, type Event, StreamChat } from 'stream-chat';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { parseEnvFile } from '../../../local/env-file';
import {
  type StreamEmulator,
  type StreamEmulatorOptions,
  startStreamEmulator,
} from '../../../local/stream/server';
import { type Config, parseConfig } from '../../../src/core/config';
import { createStreamClient } from '../../../src/stream/client';
import { nodeStreamSdk } from '../../../src/stream/node-sdk';

export const KEY = 'harness-key';
export const SECRET = 'harness-secret-0123456789abcdef';

/** Stream's timestamps: RFC 3339 with microseconds. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** The `duration` field of every Stream response. */
export const DURATION = /^\d+\.\d{2}ms$/;

/** Generous: events arrive in milliseconds; this only bounds a failing test. */
export const EVENT_WAIT_MS = 15_000;

export interface Harness {
  readonly emulator: StreamEmulator;
  /** A server client, new for each test (the SDK caches channels per client). */
  readonly server: StreamChat;
  /**
   * The SDK's own Node server client, `new StreamChat(key, secret, { baseURL })`, new for each
   * test: its network errors are axios's over Node's http, which the fault tests check.
   */
  readonly sdk: StreamChat;
  /** Another Node server client like `sdk`, with another key, secret or timeout. */
  sdkClient(options?: { key?: string; secret?: string; timeout?: number }): StreamChat;
  /** The Stream settings the app's config would hold for this emulator. */
  config(multiTenant: boolean): Config['stream'];
  /**
   * A frontend-style client for REST calls: user token, no secret, no WebSocket (it sets the
   * token and user the way `connectUser` does, without connecting).
   */
  asUser(id: string): Promise<StreamChat>;
  /** A frontend-style client (no secret, not connected yet), disconnected after the test. */
  userClient(): StreamChat;
  /** Upserts the user (server side) and connects a client over the WebSocket. */
  connect(userId: string, extra?: { teams?: string[]; role?: string }): Promise<StreamChat>;
  /** Raw state from the emulator's control surface, of one channel or of all. */
  inspect(cid?: string): Promise<Inspected>;
  /** A request as the SDK would send it (server token by default), with overridable credentials. */
  raw(method: string, path: string, options?: RawOptions): Promise<RawResponse>;
  /** Upserts users through `sdk`, each named after its id in capitals. */
  upsert(...ids: string[]): Promise<void>;
  /** Creates messaging:`id` through `sdk`, created by alice with alice and bob as members. */
  createChannel(id: string, extra?: Record<string, unknown>): ReturnType<typeof createChannelWith>;
}

export interface Inspected {
  users: { id: string; name?: string; [key: string]: unknown }[];
  channels: {
    cid: string;
    type: string;
    id: string;
    team: string | null;
    data: Record<string, unknown>;
    deleted_at: string | null;
    members: string[];
    message_count: number;
  }[];
  messages: { id: string; cid: string; user_id: string; text: string; hidden: boolean }[];
}

export interface RawOptions {
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  apiKey?: string | null;
  authType?: string | null;
}

/** A JSON body read loosely: assertions check the fields they care about. */
export interface Loose {
  [key: string]: Loose;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Loose;
}

async function createChannelWith(
  client: StreamChat,
  id: string,
  extra: Record<string, unknown> = {},
) {
  const data = { created_by_id: 'alice', members: ['alice', 'bob'], ...extra };
  const channel = client.channel('messaging', id, data);
  const response = await channel.create();
  return { channel, response };
}

export function useStreamEmulator(options: Partial<StreamEmulatorOptions> = {}): Harness {
  let emulator: StreamEmulator | undefined;
  let server: StreamChat | undefined;
  let sdk: StreamChat | undefined;
  const connected: StreamChat[] = [];
  // Through the app's own config parsing, as `npm run stream:setup` gets its settings.
  const config = (multiTenant: boolean): Config['stream'] =>
    parseConfig({
      ...parseEnvFile(readFileSync('.dev.vars.example', 'utf8')),
      STREAM_API_KEY: KEY,
      STREAM_API_SECRET: SECRET,
      STREAM_BASE_URL: harness.emulator.url,
      STREAM_MULTI_TENANT: String(multiTenant),
    }).stream;
  const harness: Harness = {
    get emulator() {
      if (!emulator) throw new Error('the emulator starts in beforeAll');
      return emulator;
    },
    get server() {
      if (!server) throw new Error('the server client is made in beforeEach');
      return server;
    },
    get sdk() {
      if (!sdk) throw new Error('the SDK client is made in beforeEach');
      return sdk;
    },
    sdkClient(options = {}) {
      return new StreamChat(options.key ?? KEY, options.secret ?? SECRET, {
        baseURL: harness.emulator.url,
        ...(options.timeout ? { timeout: options.timeout } : {}),
      });
    },
    config,
    async asUser(id) {
      const user = harness.userClient();
      await user._setToken({ id }, harness.server.createToken(id));
      user._setUser({ id });
      return user;
    },
    userClient() {
      const client = new StreamChat(KEY, {
        baseURL: harness.emulator.url,
        allowServerSideConnect: true,
      });
      connected.push(client);
      return client;
    },
    async connect(userId, extra = {}) {
      await harness.server.upsertUser({ id: userId, ...extra });
      const client = harness.userClient();
      await client.connectUser({ id: userId }, harness.server.createToken(userId));
      return client;
    },
    async inspect(cid) {
      const query = cid ? `?cid=${encodeURIComponent(cid)}` : '';
      const response = await fetch(`${harness.emulator.url}/__control/state${query}`);
      return (await response.json()) as Inspected;
    },
    async raw(method, path, options = {}) {
      const token =
        options.token === undefined ? await sign({ server: true }, SECRET, 'HS256') : options.token;
      const url = new URL(`${harness.emulator.url}${path}`);
      const apiKey = options.apiKey === undefined ? KEY : options.apiKey;
      if (apiKey !== null) url.searchParams.set('api_key', apiKey);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = token;
      const authType = options.authType === undefined ? 'jwt' : options.authType;
      if (authType !== null) headers['stream-auth-type'] = authType;
      const response = await fetch(url, {
        method,
        headers,
        ...(options.rawBody !== undefined
          ? { body: options.rawBody }
          : options.body !== undefined
            ? { body: JSON.stringify(options.body) }
            : {}),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Loose,
      };
    },
    async upsert(...ids) {
      await harness.sdk.upsertUsers(ids.map((id) => ({ id, name: id.toUpperCase() })));
    },
    createChannel(id, extra = {}) {
      return createChannelWith(harness.sdk, id, extra);
    },
  };

  beforeAll(async () => {
    emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    harness.emulator.faults.clear();
    const reset = await fetch(`${harness.emulator.url}/__control/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    server = await createStreamClient(config(false), nodeStreamSdk);
    sdk = harness.sdkClient();
  });
  afterEach(async () => {
    await Promise.all(connected.splice(0).map((client) => client.disconnectUser()));
  });
  return harness;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The SDK's error for a Stream error response; fails the test when the call succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<ErrorFromResponse<unknown>> {
  return (await caught(promise)) as ErrorFromResponse<unknown>;
}

/** Network-level failures (timeouts, dropped sockets) surface as raw axios errors. */
export interface AxiosLikeError extends Error {
  code?: string;
  response?: unknown;
  isAxiosError?: boolean;
}

export async function networkRejection(promise: Promise<unknown>): Promise<AxiosLikeError> {
  return (await caught(promise)) as AxiosLikeError;
}

/** Reads a (custom, flattened) field the SDK's types do not know about. */
export function field(value: unknown, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

/** Expects Stream's error: status, code and the exact message the SDK surfaces. */
export async function expectStreamError(
  promise: Promise<unknown>,
  status: number,
  code: number,
  message: string,
): Promise<void> {
  const error = await rejection(promise);
  expect(error.status).toBe(status);
  expect(error.code).toBe(code);
  expect(error.message).toBe(`StreamChat error code ${code}: ${message}`);
}

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
