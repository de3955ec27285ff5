import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium (Debian's) against the built server started as its own process.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
