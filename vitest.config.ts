import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/helpers/setup-db.ts"],
    environment: "node",
    pool: "forks",
    // Each file gets its own database file (see setup-db.ts); files may run in parallel.
    testTimeout: 20_000,
  },
});
