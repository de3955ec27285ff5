import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,db,search,server,scripts,tests}/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'build/**'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/setup/global.ts'],
  },
});
