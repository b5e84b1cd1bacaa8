/**
 * One ES module for browsers, bundled with esbuild in memory: the Stream SDK's browser build for
 * the emulator's playground, and test code that runs in a page. esbuild is imported on first
 * use, so a process that never bundles never loads it.
 *
 * @example
 * const sdk = await browserBundle({ source: "export { StreamChat } from 'stream-chat';" });
 * const scenarios = await browserBundle({ file: 'test/parity/browser-entry.ts' });
 */
export async function browserBundle(entry: { file: string } | { source: string }): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: process.cwd() } }),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  return result.outputFiles[0]?.text ?? '';
}
