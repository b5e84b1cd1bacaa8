/**
 * Runs the Stream app setup (./app-setup.ts) from Node: `npm run stream:setup`, `npm run dev` and
 * the test global setup. Kept apart from app-setup.ts, which the Worker uses too (`GET /health`
 * compares the app with it), because this one loads the SDK's Node build.
 */
import type { Config } from '../core/config';
import { configureStreamApp, type StreamAppSummary } from './app-setup';
import { createStreamClient } from './client';
import { nodeStreamSdk } from './node-sdk';

/** Setup calls are rare and may be slow on a busy app: at least this long per call. */
const SETUP_TIMEOUT_MS = 15_000;

/**
 * A server client for these settings (the app's own, see ./client.ts), then
 * `configureStreamApp`.
 */
export async function setUpStreamApp(
  stream: Config['stream'],
  options: { publicUrl?: string; dryRun?: boolean } = {},
): Promise<StreamAppSummary> {
  const client = await createStreamClient(
    { ...stream, timeoutMs: Math.max(stream.timeoutMs, SETUP_TIMEOUT_MS) },
    nodeStreamSdk,
  );
  return configureStreamApp(
    client,
    { multiTenant: stream.multiTenant, publicUrl: options.publicUrl },
    { dryRun: options.dryRun },
  );
}
