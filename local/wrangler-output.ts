/**
 * What the dev launcher shows of `wrangler dev`'s output: the launcher has already said where
 * everything is, so wrangler's start-up report is dropped (the bindings table, printed again on
 * every reload, the table of extra modules, the settings file it read, the cron-trigger hint,
 * its start-up progress lines), and its "Ready on" line becomes the launcher's own. Everything
 * else passes unchanged: request lines, the Worker's logs, reloads and every warning or error.
 * (The banner and its update check are turned off with WRANGLER_HIDE_BANNER.)
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

/**
 * A block starts with a line matching `start` and runs while its lines match `rest`; a line
 * matching `end` right after it is the block's last.
 */
interface Block {
  start: RegExp;
  rest: RegExp;
  end?: RegExp;
}

const BLOCKS: Block[] = [
  // Its rows, then the blank line that ends the table.
  { start: /^Your Worker has access to the following bindings:/, rest: /\S/, end: /^$/ },
  { start: /^Attaching additional modules:/, rest: /^[┌│├└]/ },
  // The warning, then its indented explanation and blank lines.
  {
    start: /Scheduled Workers are not automatically triggered during local development/,
    rest: /^(\s|$)/,
  },
];

const LINES = [
  /^\[custom build\] Running: /,
  /^Using (secrets|vars) defined in /,
  /^⎔ Starting local server/,
  /^⎔ Connection status updated/,
  /Parsed \d+ valid header rules/,
];

const READY = /Ready on (http\S+)/;

/** The line to show, or undefined to drop it. */
export type OutputFilter = (line: string) => string | undefined;

export interface FilterState {
  ready: boolean;
}

/** One filter per stream (blocks do not span streams); `state` is shared between them. */
export function wranglerOutputFilter(
  state: FilterState,
  onReady: (url: string) => string,
): OutputFilter {
  let block: Block | undefined;
  return (line) => {
    const plain = stripVTControlCharacters(line).trimEnd();
    if (block) {
      if (block.rest.test(plain)) return undefined;
      const last = block.end?.test(plain);
      block = undefined;
      if (last) return undefined;
    }
    block = BLOCKS.find((b) => b.start.test(plain));
    if (block) return undefined;
    if (LINES.some((pattern) => pattern.test(plain))) return undefined;
    const ready = READY.exec(plain);
    if (ready && !state.ready) {
      state.ready = true;
      return onReady(ready[1] ?? '');
    }
    if (!state.ready && plain === '') return undefined;
    return line;
  };
}

/** Copies `from` to `to` line by line through `filter`; resolves when `from` ends. */
export function pipeFiltered(from: Readable, to: Writable, filter: OutputFilter): Promise<void> {
  const lines = createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    const shown = filter(line);
    if (shown !== undefined) to.write(`${shown}\n`);
  });
  return new Promise((resolve) => lines.once('close', resolve));
}
