// `npm test`: lint, typecheck, build, the whole suite, and the browser tests when Chromium is present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const steps = [
  ['lint', ['node_modules/@biomejs/biome/bin/biome', 'check', '.']],
  ['typecheck', ['node_modules/typescript/bin/tsc', '--noEmit']],
  ['build', ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build']],
  ['tests', ['node_modules/vitest/vitest.mjs', 'run']],
];
if (existsSync(chromium)) {
  steps.push([
    'browser tests',
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/e2e/vitest.config.ts'],
  ]);
}

console.log(
  `Database tests run on PGlite${process.env.TEST_DATABASE_URL ? ' and on the PostgreSQL server at TEST_DATABASE_URL' : ' (set TEST_DATABASE_URL to also run them on a PostgreSQL server)'}.`,
);
if (!existsSync(chromium))
  console.log(
    `No Chromium at ${chromium}: the browser tests are skipped (apt-get install -y chromium fonts-noto-cjk).`,
  );

for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
