// `npm start` builds the site only when a source is newer than the last build, so later starts take seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_MARK = 'build/server/index.js';
const SOURCES = ['app', 'public', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = existsSync(BUILD_MARK) ? statSync(BUILD_MARK).mtimeMs : 0;
const changed = Math.max(...SOURCES.map(newest));
if (built > changed) process.exit(0);

console.log(
  built ? 'Sources changed: rebuilding the site…' : 'Building the site (first start only, about a minute)…',
);
const started = Date.now();
const result = spawnSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (result.status !== 0) {
  console.error('The build failed; run `npm run build` to see why.');
  process.exit(result.status ?? 1);
}
console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
