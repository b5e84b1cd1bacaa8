/**
 * The runnable examples of the README and docs/api.md, read from the files themselves (never
 * copied into a test).
 *
 * The rule, also stated in the README: a ```sh block whose first line is exactly
 * `API=http://127.0.0.1:8787` is a runnable example. The test replaces that line with the
 * address of the API it started, and runs the block with bash `set -euo pipefail` (and
 * `inherit_errexit`, so a failure inside `$(…)` counts) and `curl` as a function that adds
 * `--fail-with-body`: any command's non-zero exit or any HTTP answer ≥ 400 fails the run.
 */
export const RUNNABLE_FIRST_LINE = 'API=http://127.0.0.1:8787';

/** The files whose runnable examples the launcher test runs: a short one, then every route. */
export const EXAMPLE_FILES = ['README.md', 'docs/api.md'];

/** The runnable blocks of one file, in order. */
export function runnableBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const body = match[1] ?? '';
    if (body.split('\n')[0]?.trim() === RUNNABLE_FIRST_LINE) blocks.push(body);
  }
  return blocks;
}

/** A bash script that runs `block` against `api`, failing on any error or HTTP ≥ 400. */
export function strictScript(block: string, api: string): string {
  const [, ...rest] = block.split('\n');
  return [
    'set -euo pipefail',
    'shopt -s inherit_errexit',
    'curl() { command curl --fail-with-body --show-error "$@"; }',
    `API=${api}`,
    ...rest,
  ].join('\n');
}
