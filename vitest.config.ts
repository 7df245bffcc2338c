import { defineConfig } from "vitest/config";

// Tests run on real PostgreSQL (embedded), pg-boss and the Salesforce emulator over loopback HTTP.
// One embedded PostgreSQL cluster is started for the whole run by test/support/global-setup.ts;
// each test file gets its own database in it, so files can run in parallel without sharing rows.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/block-network.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
