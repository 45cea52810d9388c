/**
 * A projection worker in its own OS process, on the PostgreSQL schema of `url`: the async
 * built-in read models and `test-applications`, throttled (small batches, a pause after each) so
 * a test can kill it half-way. Prints `{"started": id}` once running, one JSON line per claim
 * (`{"claimed": name, "at": ms}`)
 * and `{"done": head}` when every read model it runs has reached `until`, then keeps running
 * until killed (as a worker does).
 *
 * node --import tsx test/engine/support/worker.ts <url> <workerId> <until> <pause between batches, ms>
 */
import { Effect, Layer } from "effect"
import * as Postgres from "../../../src/adapters/sql/Postgres.js"
import * as Engine from "../../../src/engine/Engine.js"
import * as Catalog from "../../../src/projections/Catalog.js"
import { applications } from "./applications.js"

const [url, workerId, until, pause] = process.argv.slice(2) as [string, string, string, string]
const print = (line: unknown) => Effect.sync(() => void process.stdout.write(JSON.stringify(line) + "\n"))

const layer = Engine.layer({
  projections: [...Catalog.builtIn, applications(workerId)],
  inline: [],
  worker: {
    batchSize: 5,
    batchDelay: `${Number(pause)} millis`,
    pollInterval: "200 millis",
    claimInterval: "100 millis",
    onClaim: (name) => print({ claimed: name, at: Date.now() })
  }
}).pipe(Layer.provide(Postgres.layer({ url, maxConnections: 4 })))

const program = Effect.gen(function* () {
  const engine = yield* Engine.ProjectionEngine
  yield* print({ started: workerId, at: Date.now() })
  let done = false
  for (;;) {
    const status = yield* engine.status()
    if (
      !done &&
      status.every((s) => Number(s.checkpoint._tag === "Some" ? s.checkpoint.value.position : 0) >= Number(until))
    ) {
      done = true
      yield* print({ done: status[0]!.head, at: Date.now() })
    }
    yield* Effect.sleep("100 millis")
  }
})

Effect.runPromise(Effect.provide(program, layer)).catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + "\n")
  process.exit(1)
})
