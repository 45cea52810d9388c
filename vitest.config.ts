import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/postgresGlobalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share one PostgreSQL database; each suite uses its own schema or stream ids.
    fileParallelism: true,
    pool: "forks"
  }
})
