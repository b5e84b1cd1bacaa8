/**
 * `npm run dev`: checks the options (./dev-options.ts) and answers --help, then runs the
 * launcher (./dev-launch.ts). The launcher loads PGlite, the Stream emulator and the app's
 * modules, which takes seconds: --help and a wrong option are answered before that.
 */
import { DEV_USAGE, parseDevOptions, UsageError } from './dev-options.ts';

try {
  if (parseDevOptions(process.argv.slice(2)).help) {
    console.log(DEV_USAGE);
    process.exit(0);
  }
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`✘ ${err.message}`);
  process.exit(2);
}
await import('./dev-launch.ts');
