import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Databases from "../support/databases.js"
import * as AuthorizationSuite from "./AuthorizationSuite.js"
import { suite } from "./LedgerSuite.js"

suite("Ledger on a SQLite file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "training-ledger-"))
  return {
    url: `sqlite:${join(dir, "ledger.sqlite")}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true })
  }
})

AuthorizationSuite.suite("SQLite file", Databases.sqlite)
