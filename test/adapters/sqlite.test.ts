import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { randomUUID } from "node:crypto"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Sqlite from "../../src/adapters/sql/Sqlite.js"
import * as EventStoreSuite from "./EventStoreSuite.js"
import * as RawLog from "./support/RawLog.js"

/** A fresh SQLite file under the OS temporary directory, removed when the layer is released. */
const tempFile = Effect.acquireRelease(
  Effect.sync(() => join(tmpdir(), `training-ledger-${randomUUID()}.db`)),
  (filename) =>
    Effect.sync(() => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    })
)

EventStoreSuite.suite(
  "SqlEventStore (SQLite file)",
  (options) =>
    Layer.unwrapScoped(
      Effect.map(tempFile, (filename) =>
        RawLog.layerSql.pipe(Layer.provideMerge(Sqlite.layer({ filename, ...options })))
      )
    ),
  { propertyRuns: 100 }
)
