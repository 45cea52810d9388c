/**
 * Decides once per run whether the PostgreSQL tests run.
 *
 * - `TRAINING_LEDGER_REQUIRE_PG=1` (set by `.ci/run`) or `CI=true`: the server must answer, or the
 *   whole run fails here, before any test.
 * - otherwise (a laptop without PostgreSQL): the PostgreSQL suites are skipped, and this says so.
 */
import type { TestProject } from "vitest/node"
import { probeDataDirectory, probePostgres, testPostgresUrl } from "./postgresUrl.js"

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { readonly url: string; readonly available: boolean; readonly reason: string }
    /** Why the server's files cannot be read from this process (the on-disk test's skip), or "". */
    postgresFilesUnreadable: string
  }
}

export default async function setup(project: TestProject) {
  const url = testPostgresUrl()
  const required = process.env.TRAINING_LEDGER_REQUIRE_PG === "1" || process.env.CI === "true"
  const reason = await probePostgres(url)
  if (reason !== undefined && required) {
    throw new Error(`PostgreSQL is required for this run but ${url} is unreachable: ${reason}`)
  }
  if (reason !== undefined) {
    process.stderr.write(
      `\n[training-ledger] PostgreSQL at ${url} is unreachable (${reason}): ` +
        `the PostgreSQL tests are SKIPPED. Set TRAINING_LEDGER_TEST_PG_URL or start PostgreSQL to run them.\n\n`
    )
  }
  project.provide("postgres", { url, available: reason === undefined, reason: reason ?? "" })
  project.provide("postgresFilesUnreadable", reason === undefined ? ((await probeDataDirectory(url)) ?? "") : reason)
}
