/**
 * Shared set-up for the Stream emulator test files that drive it with the real SDK: one
 * emulator per file, a reset and a fresh server client (the app's own, src/stream/client.ts)
 * per test, and frontend-style user-token clients, with or without a WebSocket.
 */
import { readFileSync } from 'node:fs';
import { type ErrorFromResponse, StreamChat } from 'stream-chat';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { parseEnvFile } from '../../../local/env-file';
import {
  type StreamEmulator,
  type StreamEmulatorOptions,
  startStreamEmulator,
} from '../../../local/stream/server';
import { type Config, parseConfig } from '../../../src/lib/config';
import { createStreamClient } from '../../../src/stream/client';
import { nodeStreamSdk } from '../../../src/stream/node-sdk';

export const KEY = 'harness-key';
export const SECRET = 'harness-secret-0123456789abcdef';

export interface Harness {
  readonly emulator: StreamEmulator;
  /** A server client, new for each test (the SDK caches channels per client). */
  readonly server: StreamChat;
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
  /** Raw state from the emulator's control surface. */
  inspect(): Promise<Inspected>;
}

export interface Inspected {
  channels: { cid: string; id: string; team: string | null; members: string[]; data: object }[];
  users: { id: string }[];
  messages: { id: string; cid: string; user_id: string }[];
}

export function useStreamEmulator(options: Partial<StreamEmulatorOptions> = {}): Harness {
  let emulator: StreamEmulator | undefined;
  let server: StreamChat | undefined;
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
    async inspect() {
      const response = await fetch(`${harness.emulator.url}/__control/state`);
      return (await response.json()) as Inspected;
    },
  };

  beforeAll(async () => {
    emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    const reset = await fetch(`${harness.emulator.url}/__control/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    server = await createStreamClient(config(false), nodeStreamSdk);
  });
  afterEach(async () => {
    await Promise.all(connected.splice(0).map((client) => client.disconnectUser()));
  });
  return harness;
}

/** The SDK's error for a Stream error response; fails the test when the call succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<ErrorFromResponse<unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as ErrorFromResponse<unknown>;
  }
  throw new Error('expected the call to fail');
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
