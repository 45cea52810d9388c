/**
 * The built command line on PostgreSQL (a fresh schema per store, through the URL's search_path):
 * the shared suite, and a refused port told apart from a missing database.
 */
import { PgClient } from "@effect/sql-pg"
import { Redacted } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { createSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import * as CliSuite from "./CliSuite.js"
import { cli, ensureBuilt, errorTag } from "./support/bin.js"

CliSuite.suite(
  {
    name: postgresSuiteName("PostgreSQL"),
    fresh: async () => {
      const schema = await createSchema(postgres.url, "tl_cli")
      return {
        url: schema.url,
        client: PgClient.layer({ url: Redacted.make(schema.url), maxConnections: 1 }),
        drop: schema.drop
      }
    }
  },
  { skip: !postgres.available }
)

describe.skipIf(!postgres.available)(postgresSuiteName("training-ledger command line: PostgreSQL failures"), () => {
  beforeAll(ensureBuilt, 180_000)

  it("a refused port and a missing database say different things", async () => {
    const base = new URL(postgres.url)
    const refusedUrl = `postgres://${base.username}@127.0.0.1:1/${base.pathname.slice(1)}`
    const missingUrl = `postgres://${base.username}@${base.host}/training_ledger_no_such_database`
    const [refused, missing, empty] = await Promise.all([
      cli(["verify", "--db", refusedUrl]),
      cli(["programs", "--db", missingUrl]),
      cli([
        "history",
        "x",
        "--db",
        `${postgres.url}?options=${encodeURIComponent("-c search_path=tl_cli_never_created")}`
      ])
    ])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain("StoreUnavailable")
    expect(refused.stderr).toContain("the connection was refused: no PostgreSQL server listens at that host and port")
    expect(missing.code).toBe(3)
    expect(missing.stderr).toContain(
      'the database does not exist (database "training_ledger_no_such_database" does not exist)'
    )
    expect(refused.stderr).not.toBe(missing.stderr)
    expect(empty.code).toBe(3)
    expect(errorTag(empty)).toBe("StoreNotFound")
    expect(empty.stderr).toContain("the database has no training-ledger tables")
  })
})
