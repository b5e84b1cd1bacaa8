/**
 * `Neon-Connection-String` validation, in the order and with the messages of Neon's
 * `get_conn_info` (proxy/src/serverless). The stand-in never connects with this string — it only
 * rejects what Neon would reject, so configuration mistakes show up locally too.
 *
 * Deliberate simplification: `Authorization: Bearer` (JWT auth) is ignored, so a password is
 * always required, as on Neon's ordinary (non-`apiauth.`) endpoint.
 */
import { NeonHttpError } from './errors';

export interface NeonConnectionInfo {
  user: string;
  database: string;
  hostname: string;
  /** Neon's endpoint id: the first DNS label of the hostname. */
  endpointId: string;
}

const fail = (message: string): never => {
  throw new NeonHttpError(400, message);
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function parseNeonConnectionString(header: string | undefined): NeonConnectionInfo {
  if (header === undefined) return fail('invalid header: neon-connection-string');

  let url: URL;
  try {
    url = new URL(header);
  } catch {
    // Wording of the `url` crate, which Neon uses.
    const reason = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(header)
      ? 'invalid URL'
      : 'relative URL without a base';
    return fail(`invalid connection string: ${reason}`);
  }

  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') fail('incorrect scheme');

  // Non-special schemes keep an opaque path ("postgresql:x") that has no segments at all.
  if (!url.pathname.startsWith('/')) fail('missing database name');
  const database = decode(url.pathname.slice(1).split('/')[0] ?? '', 'invalid database name');
  if (database === '') fail('missing database name');

  const user = decode(url.username, 'invalid username');
  if (user === '') fail('missing username');

  if (url.password === '') fail('missing authentication credentials: required password');

  // Neon takes the endpoint id from the first host label, so an IP literal has none.
  const hostname = url.hostname;
  if (hostname === '' || IPV4.test(hostname) || hostname.startsWith('[')) fail('missing hostname');

  return { user, database, hostname, endpointId: hostname.split('.')[0] ?? hostname };
}

function decode(value: string, errorMessage: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return fail(errorMessage);
  }
}
