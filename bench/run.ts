/**
 * `npm run bench [-- options]`: the command line. `--help` and a bad option are answered here,
 * before the bench's modules (wrangler, Miniflare) are even loaded; then, with --json, stdout is
 * claimed for the JSON alone (output.ts) before anything else can write to it.
 */
import { type Options, parseOptions, USAGE } from './args.ts';
import { claimStdout } from './output.ts';

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const out = claimStdout(options.json);
const { runBench } = await import('./main.ts');
await runBench(options, out);
