import { inject } from "vitest"

/**
 * The PostgreSQL server for this run, as the global setup found it. Suites use
 * `describe.skipIf(!postgres.available)` with {@link postgresSuiteName} so a skip says why.
 */
export const postgres = inject("postgres")

/** A suite name that carries the skip reason when the server is unreachable. */
export const postgresSuiteName = (name: string): string =>
  postgres.available ? name : `${name} (skipped: PostgreSQL unreachable at ${postgres.url}: ${postgres.reason})`
