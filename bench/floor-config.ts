/**
 * The floor must be configured like the app, or the app ÷ floor ratios measure configuration
 * rather than code: static assets put an asset router in front of the Worker (under wrangler dev
 * and on Cloudflare alike), and the compatibility date and flags decide which globals workerd
 * builds at startup. This lists every setting in which the two differ.
 */
import { dirname, resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';

function settings(configPath: string) {
  const c = unstable_readConfig({ config: configPath });
  const assets = c.assets;
  return {
    compatibility_date: c.compatibility_date,
    compatibility_flags: [...c.compatibility_flags].sort().join(','),
    minify: c.minify,
    keep_names: c.keep_names,
    'assets.directory': assets?.directory && resolve(dirname(configPath), assets.directory),
    'assets.binding': assets?.binding,
    'assets.html_handling': assets?.html_handling,
    'assets.not_found_handling': assets?.not_found_handling,
    'assets.run_worker_first': JSON.stringify(assets?.run_worker_first),
  };
}

/** "setting: app … floor …" for every setting that differs (none: configured alike). */
export function floorMismatches(appConfig: string, floorConfig: string): string[] {
  const app = settings(appConfig);
  const floor = settings(floorConfig);
  return (Object.keys(app) as (keyof typeof app)[])
    .filter((k) => app[k] !== floor[k])
    .map((k) => `${k}: app ${String(app[k])}, floor ${String(floor[k])}`);
}
