/**
 * The API as `npm run dev` runs it, for the browser tests: the Neon stand-in, the Stream
 * emulator (set up with our grants and hooks, as the launcher does) and the mail stand-in on
 * free ports, the migrations, and `wrangler dev` bound to them.
 */
import { readFileSync } from 'node:fs';
import { parseEnvFile } from '../../local/env-file';
import { type MailStandIn, startMailStandIn } from '../../local/mail/server';
import { applyMigrations } from '../../local/migrate';
import { type NeonStandIn, startNeonStandIn } from '../../local/neon/server';
import { type StreamEmulator, startStreamEmulator } from '../../local/stream/server';
import type { WranglerDev } from '../../local/wrangler-dev';
import { parseConfig } from '../../src/core/config';
import { setUpStreamApp } from '../../src/stream/set-up-app';
import { startWranglerDevOnAnyPort } from './wrangler-any-port';

export interface LocalStack {
  /** The API's URL. */
  api: string;
  neon: NeonStandIn;
  stream: StreamEmulator;
  mail: MailStandIn;
  worker: WranglerDev;
  stop(): Promise<void>;
}

/** `vars` go to the Worker on top of .dev.vars.example and the stand-ins' endpoints. */
export async function startLocalStack(vars: Record<string, string> = {}): Promise<LocalStack> {
  const defaults = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
  const [neon, stream, mail] = await Promise.all([
    startNeonStandIn({ port: 0 }),
    startStreamEmulator({
      port: 0,
      apiKey: defaults.STREAM_API_KEY!,
      apiSecret: defaults.STREAM_API_SECRET!,
    }),
    startMailStandIn({ port: 0, apiKey: defaults.EMAIL_API_KEY! }),
  ]);
  let worker: WranglerDev | undefined;
  const stopAll = async () => {
    await worker?.stop();
    await Promise.all([neon.close(), stream.close(), mail.close()]);
  };
  try {
    await applyMigrations({ databaseUrl: defaults.DATABASE_URL!, sqlEndpoint: neon.sqlEndpoint });
    const endpoints = {
      NEON_HTTP_ENDPOINT: neon.sqlEndpoint,
      STREAM_BASE_URL: stream.url,
      EMAIL_API_URL: mail.url,
      ...vars,
    };
    worker = await startWranglerDevOnAnyPort({ envFile: '.dev.vars.example', vars: endpoints });
    const config = parseConfig({ ...defaults, ...endpoints });
    await setUpStreamApp(config.stream, { publicUrl: worker.url });
    return {
      api: worker.url,
      neon,
      stream,
      mail,
      worker,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
