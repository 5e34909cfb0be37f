import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    // Password hashing (scrypt) and PostgreSQL round trips make some tests slower than the default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
