import { existsSync, readFileSync } from 'node:fs';

/** Parses a dotenv-style file (KEY=value, # comments, optional quotes) as wrangler reads .dev.vars. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    vars[key] = value;
  }
  return vars;
}

/**
 * The dev settings file: `file` when given, else .dev.vars, or .dev.vars.example (the local
 * defaults) when absent.
 */
export function readDevVars(file?: string): { file: string; vars: Record<string, string> } {
  file ??= existsSync('.dev.vars') ? '.dev.vars' : '.dev.vars.example';
  return { file, vars: parseEnvFile(readFileSync(file, 'utf8')) };
}
