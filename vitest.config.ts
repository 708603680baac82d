import { defineConfig } from 'vitest/config';

// Unit tests live beside the code they test. E2E tests (e2e/) belong to Playwright, not Vitest.
export default defineConfig({
  test: {
    include: ['contracts/**/*.test.ts', 'site/**/*.test.{ts,tsx}', 'runner/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/fixtures/**', 'lessons/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
