/**
 * Where the bench writes. With `--json`, stdout carries the JSON document and nothing else:
 * whatever else this process writes to stdout (our progress lines, and what libraries print in
 * process, such as wrangler's "Using secrets defined in .dev.vars") goes to stderr. Child
 * processes are started with their stdout piped or sent to stderr (baseline.ts, build.ts).
 */

export interface Output {
  /** A progress line (stderr with --json). */
  say(line: string): void;
  /** The result: the table, or the JSON document. */
  result(text: string): void;
}

export function claimStdout(json: boolean): Output {
  const toStdout = process.stdout.write.bind(process.stdout);
  if (json) {
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  }
  return {
    say: (line) => process.stdout.write(`${line}\n`),
    result: (text) => {
      toStdout(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
