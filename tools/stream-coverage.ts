/**
 * How much of `stream-chat`'s REST surface the local Stream emulator answers
 * (`npm run stream:coverage`): starts an emulator on a free port, makes every call of
 * ./stream-coverage-calls.ts server-side and client-side with valid input, and classifies each:
 *
 *  - works: the SDK call resolved;
 *  - not emulated: the emulator says so (local/stream/not-emulated.ts), answers an unknown path
 *    with 404/16 "Not Found", or refuses with a message naming the local Stream emulator (a user
 *    token on an operation it serves only server-side, an option it does not support);
 *  - other error: anything else (a defect of the emulator or of the call's input).
 *
 * Prints "server-side: N of M, client-side: N of M" and the calls that did not work.
 * `--json` prints the same as JSON.
 */
import { StreamChat } from 'stream-chat';
import { NOT_EMULATED_CODE, NOT_EMULATED_STATUS } from '../local/stream/not-emulated';
import { startStreamEmulator } from '../local/stream/server';
import {
  CLIENT_CALLS,
  type CoverageCall,
  type Fixtures,
  SERVER_CALLS,
} from './stream-coverage-calls';

const KEY = 'coverage-key';
const SECRET = 'coverage-secret-0123456789abcdef';
const CALL_TIMEOUT_MS = 10_000;

export type Outcome = 'works' | 'not emulated' | 'other error';

export interface CallResult {
  name: string;
  outcome: Outcome;
  detail?: string;
}

interface SdkError {
  status?: number;
  code?: number;
  message?: string;
}

/** The classification described above, from the error the SDK threw. */
export function classify(error: unknown): { outcome: Outcome; detail: string } {
  const e = (error ?? {}) as SdkError;
  const message = e.message ?? String(error);
  const detail = `${e.status ?? '-'}/${e.code ?? '-'} ${message}`;
  const unknownPath = e.status === 404 && e.code === 16 && message.includes('"Not Found"');
  const marked = e.status === NOT_EMULATED_STATUS && e.code === NOT_EMULATED_CODE;
  const saysSo = marked || /not emulated|local Stream emulator/.test(message);
  return { outcome: unknownPath || saysSo ? 'not emulated' : 'other error', detail };
}

async function runOne(call: CoverageCall, fixtures: Fixtures): Promise<CallResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${CALL_TIMEOUT_MS} ms`)),
      CALL_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([call.run(fixtures), timeout]);
    return { name: call.name, outcome: 'works' };
  } catch (error) {
    return { name: call.name, ...classify(error) };
  } finally {
    clearTimeout(timer);
  }
}

export interface CoverageReport {
  server: CallResult[];
  client: CallResult[];
}

export async function measureCoverage(): Promise<CoverageReport> {
  const emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, port: 0 });
  const quiet = { baseURL: emulator.url, logger: () => {} };
  const server = new StreamChat(KEY, SECRET, quiet);
  await server.upsertUsers([
    { id: 'alice', name: 'Alice' },
    { id: 'bob', name: 'Bob' },
    { id: 'carol', name: 'Carol' },
  ]);
  const user = new StreamChat(KEY, { ...quiet, allowServerSideConnect: true });
  await user.connectUser({ id: 'alice' }, server.createToken('alice'));
  let n = 0;
  const fixtures: Fixtures = {
    server,
    user,
    unique: (prefix) => `${prefix}-${++n}`,
    async channel(client) {
      const id = `cov-${++n}`;
      await server
        .channel('messaging', id, { created_by_id: 'alice', members: ['alice', 'bob'] } as never)
        .create();
      const channel = client.channel('messaging', id);
      if (client === server) await channel.query({});
      else await channel.watch();
      return channel;
    },
    async message(channel, extra = {}) {
      const sent = await server
        .channel(channel.type, channel.id as string)
        .sendMessage({ text: `hello ${++n}`, user_id: 'alice', ...extra } as never);
      return sent.message.id;
    },
  };
  try {
    const report: CoverageReport = { server: [], client: [] };
    for (const call of SERVER_CALLS) report.server.push(await runOne(call, fixtures));
    for (const call of CLIENT_CALLS) report.client.push(await runOne(call, fixtures));
    return report;
  } finally {
    await user.disconnectUser();
    await emulator.close();
  }
}

const works = (results: CallResult[]) => results.filter((r) => r.outcome === 'works').length;

export function summary(report: CoverageReport): string {
  return `server-side: ${works(report.server)} of ${report.server.length}, client-side: ${works(report.client)} of ${report.client.length}`;
}

function failures(side: string, results: CallResult[]): string[] {
  return results
    .filter((r) => r.outcome !== 'works')
    .map(
      (r) =>
        `  ${side} ${r.outcome === 'not emulated' ? 'NOT EMULATED' : 'ERROR       '} ${r.name}: ${r.detail}`,
    );
}

const USAGE = `Usage: npm run stream:coverage [-- --json]

Starts a Stream emulator on a free port, makes a broad list of stream-chat SDK calls server-side
and client-side (tools/stream-coverage-calls.ts), and prints how many work and which do not
(not emulated, or another error). --json prints the same as JSON.`;

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const report = await measureCoverage();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ summary: summary(report), ...report }, null, 2));
  } else {
    console.log(summary(report));
    console.log('Calls that did not work:');
    console.log(
      [...failures('server', report.server), ...failures('client', report.client)].join('\n'),
    );
  }
}
