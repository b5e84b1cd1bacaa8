/**
 * An error as a person reads it at start-up: the message of every error in its cause chain,
 * outermost first, so "Failed query: CREATE SCHEMA …" is followed by what actually happened
 * ("getaddrinfo ENOTFOUND api.us-east-2.aws.neon.tech", "connect ECONNREFUSED …"). Follows
 * `cause` and the Neon driver's `sourceError`; drops repeats and Drizzle's empty params line.
 */
export function errorChain(err: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    const message =
      current instanceof Error || (typeof current === 'object' && 'message' in current)
        ? String((current as { message: unknown }).message)
        : String(current);
    const line = message
      .split('\n')
      .filter((part) => part.trim() && part.trim() !== 'params:')
      .join(' ')
      .trim();
    if (line && !lines.some((seenLine) => seenLine === line || seenLine.endsWith(`: ${line}`)))
      lines.push(line);
    const next = current as { cause?: unknown; sourceError?: unknown };
    current = typeof current === 'object' ? (next.cause ?? next.sourceError) : undefined;
  }
  return lines;
}
