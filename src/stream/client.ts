/**
 * The stream-chat server client, set up for fetch-based runtimes.
 *
 * Workers resolve the SDK's browser build, where `jsonwebtoken` and `https` are stubs, so
 * `new StreamChat(key, secret)` throws there. We construct it without the secret (a "client"
 * as far as the constructor knows), with axios on fetch and a placeholder agent so it never
 * builds an https.Agent, then make it a server client: set the secret (server-auth mode) and
 * hand the token manager a {"server":true} token signed with WebCrypto. The same code runs
 * under Node, so there is one path for Workers, tests and local tools.
 *
 * The SDK itself is loaded on first use: in the Worker, its own module (src/load-stream-sdk.ts).
 * Node tools pass `nodeStreamSdk` (./node-sdk.ts), the package as Node resolves it: its Node
 * build, because the Worker's module is a browser build, which reads `self` and `window` as it
 * loads.
 */
import type { StreamChat, StreamChatOptions } from 'stream-chat';
import type { Config } from '../core/config';
import { loadStreamSdk } from '../load-stream-sdk';
import { signServerToken } from './tokens';

export const STREAM_PRODUCTION_URL = 'https://chat.stream-io-api.com';

export type StreamSdk = { StreamChat: typeof StreamChat };

export async function createStreamClient(
  config: Config['stream'],
  sdk: () => Promise<StreamSdk> = loadStreamSdk,
): Promise<StreamChat> {
  const options: StreamChatOptions = {
    baseURL: config.baseUrl ?? STREAM_PRODUCTION_URL,
    adapter: 'fetch',
    // Only checked for presence: it keeps the constructor from calling `new https.Agent()`.
    httpsAgent: {},
    browser: false,
    // A server client must not share the SDK's per-key singleton cache across configurations.
    disableCache: true,
    timeout: config.timeoutMs,
  };
  const { StreamChat } = await sdk();
  const client = new StreamChat(config.apiKey, options);
  client.secret = config.apiSecret;
  client.tokenManager.token = await signServerToken(config.apiSecret);
  return client;
}
