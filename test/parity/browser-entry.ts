/**
 * The page side of the Chromium runner (test/node/parity-chromium.test.ts), bundled with
 * esbuild for browsers: `runParityScenario(name, options)` runs one scenario of ./index.ts with
 * the SDK's browser build; the server side is the runner's `parityServer` function.
 */
import { type BridgeAnswer, type BridgeCall, bridgeOver, createParityContext } from './context';
import { SCENARIOS } from './index';

const page = globalThis as unknown as {
  parityServer(call: BridgeCall): Promise<BridgeAnswer>;
  runParityScenario(name: string, options: { baseURL: string; apiKey: string }): Promise<void>;
};

page.runParityScenario = async (name, options) => {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`no parity scenario ${name}`);
  const server = bridgeOver((call) => page.parityServer(call));
  const run = createParityContext({ ...options, server });
  try {
    await scenario(run.context);
  } finally {
    await run.close();
  }
};
