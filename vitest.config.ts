import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,db,search,server,scripts,tests}/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'build/**'],
    pool: 'forks',
    // Files share their fork's process (isolate: false): PGlite's WebAssembly, the PGlite templates and the module graph
    // are made once per fork rather than once per file (ADR 006). No test mocks modules or globals.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/setup/global.ts'],
  },
});
