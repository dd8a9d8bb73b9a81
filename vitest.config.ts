import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The app imports its own modules as ~/… (tsconfig.json "paths"), as Remix resolves them.
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/helpers/setup-db.ts"],
    environment: "node",
    pool: "forks",
    // Each file gets its own database file (see setup-db.ts); files may run in parallel.
    testTimeout: 20_000,
  },
});
