/**
 * The parity scenarios (test/parity/index.ts) with the `stream-chat` SDK's Node build against an
 * emulator: one test per scenario, each on a freshly reset emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { type StreamEmulator, startStreamEmulator } from '../../local/stream/server';
import { createParityContext } from '../parity/context';
import { SCENARIO_NAMES, SCENARIOS } from '../parity/index';
import { nodeServerBridge } from '../parity/server-bridge';

const KEY = 'parity-key';
const SECRET = 'parity-secret-0123456789abcdef';

describe('Stream parity scenarios (Node SDK)', () => {
  let emulator: StreamEmulator;
  beforeAll(async () => {
    emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, port: 0 });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await fetch(`${emulator.url}/__control/reset`, { method: 'POST' });
  });

  it.each(SCENARIO_NAMES)('%s', async (name) => {
    const run = createParityContext({
      baseURL: emulator.url,
      apiKey: KEY,
      server: nodeServerBridge(emulator.url, KEY, SECRET),
      // form-data (the SDK's Node multipart encoder) takes a Buffer and its name, not a File.
      file: (bytes) => Buffer.from(bytes) as unknown as File,
    });
    try {
      await SCENARIOS[name]?.(run.context);
    } finally {
      await run.close();
    }
  });
});
