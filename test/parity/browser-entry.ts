/**
 * The page side of the Chromium runner (test/node/parity-chromium.test.ts), bundled with
 * esbuild for browsers: `runParityScenario(name, options)` runs one scenario of ./index.ts with
 * the SDK's browser build; the server side is the runner's `parityServer` function.
 */
import { type BridgeCall, createParityContext, type ServerBridge } from './context';
import { SCENARIOS } from './index';

const page = globalThis as unknown as {
  parityServer(call: BridgeCall): Promise<unknown>;
  runParityScenario(name: string, options: { baseURL: string; apiKey: string }): Promise<void>;
};

const bridge: ServerBridge = {
  call: (method, args) => page.parityServer({ kind: 'call', method, args }),
  channelCall: (channel, method, args) =>
    page.parityServer({ kind: 'channelCall', channel, method, args }),
  token: async (userId) => String(await page.parityServer({ kind: 'token', userId })),
};

page.runParityScenario = async (name, options) => {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`no parity scenario ${name}`);
  const run = createParityContext({ ...options, server: bridge });
  try {
    await scenario(run.context);
  } finally {
    await run.close();
  }
};
