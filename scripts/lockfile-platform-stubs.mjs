// Why: the npm registry mirror on our machines lacks some other-platform builds (Biome's and
// workerd's macOS/Windows/musl packages), so a lockfile written here omits them, and `npm ci`
// then refuses it as "out of sync". This adds an entry for each missing optional platform
// package, with the os/cpu/libc that make npm skip it on other machines (nothing is fetched).
// Run after `npm install` changes the lockfile: node scripts/lockfile-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const OS = {
  darwin: 'darwin',
  win32: 'win32',
  windows: 'win32',
  linux: 'linux',
  android: 'android',
};
const CPU = { x64: 'x64', 64: 'x64', arm64: 'arm64' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.map((p) => OS[p]).find(Boolean);
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  return os && cpu ? { os, cpu, musl: parts.includes('musl') } : undefined;
}

const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const platform = platformOf(dep);
    if (lock.packages[key] || !platform) continue;
    lock.packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
      ...(platform.musl ? { libc: ['musl'] } : {}),
    };
    added.push(`${dep}@${version} (needed by ${path || 'the root'})`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added lock entries:\n  ${added.join('\n  ')}` : 'lockfile complete');
