import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Set-up hooks build sites, start browsers and run whole benchmarks; on a loaded machine that
    // takes well over the 30 s a test gets.
    hookTimeout: 120_000,
    // Most end-to-end tests wait on child processes, fake-server latency and browsers, so three
    // workers on two cores finish the suite in 4.3 min instead of the default one worker's 7.2 min.
    maxWorkers: 3,
  },
});
