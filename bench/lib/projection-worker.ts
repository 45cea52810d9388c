// The async projection worker in its own process, as a deployment runs it, for W8: every async
// read model of the engine, on the store the workload writes to, until killed.
//
//   node --import tsx bench/lib/projection-worker.ts <sqlite|postgres> <file or url> <synchronous>
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Postgres from "../../src/adapters/sql/Postgres.ts"
import * as Sqlite from "../../src/adapters/sql/Sqlite.ts"
import * as Engine from "../../src/engine/Engine.ts"

const [kind, target, synchronous] = process.argv.slice(2) as [string, string, string]
const stores =
  kind === "postgres"
    ? Postgres.layer({ url: target, maxConnections: 3 })
    : Sqlite.layer({ filename: target, synchronous: synchronous === "NORMAL" ? "NORMAL" : "FULL" })
const inline = process.env.BENCH_INLINE === "none" ? { inline: [] } : {}
const layer = Engine.layer({ ...inline, worker: { pollInterval: "100 millis" } }).pipe(Layer.provide(stores))

Effect.runPromise(
  Effect.provide(
    Effect.zipRight(
      Effect.sync(() => console.log("ready")),
      Effect.never
    ),
    layer
  )
).catch((e) => {
  console.error(e)
  process.exit(1)
})
