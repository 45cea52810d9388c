import { Effect, Layer } from "effect"
import { randomUUID } from "node:crypto"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Sqlite from "../../src/adapters/sql/Sqlite.js"
import * as EngineSuite from "./EngineSuite.js"

/** A fresh SQLite file under the OS temporary directory, removed when the layer is released. */
const tempFile = Effect.acquireRelease(
  Effect.sync(() => join(tmpdir(), `training-ledger-engine-${randomUUID()}.db`)),
  (filename) =>
    Effect.sync(() => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    })
)

EngineSuite.suite(
  "Projection engine on a SQLite file",
  () => Layer.unwrapScoped(Effect.map(tempFile, (filename) => Sqlite.layer({ filename, synchronous: "NORMAL" }))),
  { runs: 10 }
)
