// Every script answers --help (or -h) with what it does, and does nothing else then.

/** Prints `text` and exits when the command line asks for help; returns otherwise. */
export function answerHelp(text) {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    console.log(text.trim());
    process.exit(0);
  }
}
