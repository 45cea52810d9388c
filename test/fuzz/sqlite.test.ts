import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as PromiseFuzz from "./PromiseFuzz.js"

PromiseFuzz.suite(
  "Promise API fuzz on a SQLite file",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "training-ledger-fuzz-"))
    return {
      url: `sqlite:${join(dir, "fuzz.sqlite")}`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true })
    }
  },
  150
)
