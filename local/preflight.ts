/**
 * What the dev launcher checks before it starts anything, so a wrong setting or a busy port is
 * named as such instead of surfacing later as a driver error or a bare EADDRINUSE.
 */
import { createServer } from 'node:net';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** The port of a URL on this machine (a stand-in to start), or undefined for a remote one. */
export function localPort(url: string | undefined): number | undefined {
  if (!url) return undefined;
  const { hostname, port, protocol } = new URL(url);
  return LOOPBACK.includes(hostname)
    ? Number(port || (protocol === 'https:' ? 443 : 80))
    : undefined;
}

/** Problems with the endpoint settings, each naming the setting and what it should look like. */
export function endpointProblems(vars: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const neon = vars.NEON_HTTP_ENDPOINT;
  if (neon) {
    const url = URL.canParse(neon) ? new URL(neon) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/sql') {
      problems.push(
        `NEON_HTTP_ENDPOINT=${neon} must be the full SQL-over-HTTP URL ending in /sql ` +
          '(e.g. http://127.0.0.1:4444/sql): the Neon driver posts every query to exactly that URL',
      );
    }
  }
  const stream = vars.STREAM_BASE_URL;
  if (stream) {
    const url = URL.canParse(stream) ? new URL(stream) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      problems.push(
        `STREAM_BASE_URL=${stream} must be an http(s) URL (e.g. http://127.0.0.1:3030)`,
      );
    } else if (localPort(stream) !== undefined && url.pathname !== '/') {
      problems.push(
        `STREAM_BASE_URL=${stream} must have no path (e.g. http://127.0.0.1:3030): the SDK appends Stream's paths to it`,
      );
    }
  }
  const port = vars.PORT;
  if (port !== undefined && !/^\d+$/.test(port)) {
    problems.push(`PORT=${port} must be a port number (e.g. 8787)`);
  } else if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    problems.push(`PORT=${port} must be between 1 and 65535`);
  }
  return problems;
}

export interface PortClaim {
  /** Who needs the port, as the user knows it: "Stream emulator". */
  service: string;
  port: number;
  /** The setting that moves it: "STREAM_BASE_URL". */
  setting: string;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** One sentence per port that something else already holds. */
export async function busyPorts(claims: PortClaim[]): Promise<string[]> {
  const problems: string[] = [];
  for (const claim of claims) {
    if (!(await isFree(claim.port))) {
      problems.push(
        `${claim.service}: 127.0.0.1:${claim.port} is in use; set ${claim.setting} or stop the other process`,
      );
    }
  }
  return problems;
}
