/**
 * The auditors' command line (first cut): check the hash chain, take and check seals, read a
 * program's timeline. Reports and role-scoped views come with the projection engine.
 *
 *   training-ledger verify --db sqlite:./ledger.sqlite
 *   training-ledger seal --db postgres://...            > seal.json   (keep it outside the database)
 *   training-ledger check-seal --db ... --position 297 --hash 74d8...
 *   training-ledger history cip-batik-2024 --db ... [--json]
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Ledger from "../ledger/Ledger.js"
import { LogAudit } from "../ports/LogAudit.js"
import * as Stores from "../stores/Stores.js"

const db = Options.text("db").pipe(
  Options.withDescription("the store: sqlite:<path>, postgres://user@host:port/database or memory:"),
  Options.withDefault("sqlite:./training-ledger.sqlite")
)

const withStore = (url: string) => Effect.provide(Stores.layerLedger(url, { create: false }))

/** Fails the process (exit code 1) after printing why. */
const failWith = (message: string) =>
  Effect.zipRight(
    Console.error(message),
    Effect.sync(() => {
      process.exitCode = 1
    })
  )

const verify = Command.make("verify", { db }, ({ db }) =>
  Effect.gen(function* () {
    const report = yield* (yield* LogAudit).verify()
    if (report._tag === "Intact") {
      yield* Console.log(`intact: ${report.checked} events, head #${report.head.position} ${report.head.hash}`)
    } else {
      yield* failWith(`BROKEN at position ${report.position}: ${report.reason} (${report.checked} checked before it)`)
    }
  }).pipe(withStore(db))
).pipe(Command.withDescription("walk the hash chain of the whole log; exit code 1 when it is broken"))

const seal = Command.make("seal", { db }, ({ db }) =>
  Effect.gen(function* () {
    const taken = yield* (yield* LogAudit).seal()
    yield* Console.log(JSON.stringify({ ...taken, sealedAt: taken.sealedAt.toISOString() }))
  }).pipe(withStore(db))
).pipe(Command.withDescription("print the log's head (position, hash) as JSON, to keep outside the database"))

const checkSeal = Command.make(
  "check-seal",
  { db, position: Options.integer("position"), hash: Options.text("hash") },
  ({ db, hash, position }) =>
    Effect.gen(function* () {
      const store = yield* LogAudit
      // The stored hash at the seal's position proves nothing by itself if rows before it were
      // edited: the chain is recomputed first.
      const report = yield* store.verify()
      if (report._tag === "Broken") {
        return yield* failWith(`the log was changed: BROKEN at position ${report.position}: ${report.reason}`)
      }
      const grewOnly = yield* store.checkSeal({ position, hash })
      yield* grewOnly
        ? Console.log(`the log only grew since the seal at #${position} (now #${report.head.position})`)
        : failWith(`the event at #${position} no longer has the sealed hash: the log was changed`)
    }).pipe(withStore(db))
).pipe(
  Command.withDescription("recompute the chain and check that the log only grew since a seal; exit code 1 when not")
)

const history = Command.make(
  "history",
  { db, programId: Args.text({ name: "program-id" }), json: Options.boolean("json") },
  ({ db, json, programId }) =>
    Effect.gen(function* () {
      const events = yield* (yield* Ledger.Ledger).history(programId)
      for (const e of events) {
        const who = `${e.metadata.actor.id} (${e.metadata.actor.role}, ${e.metadata.actor.facility}, ${e.metadata.source})`
        yield* Console.log(
          json
            ? JSON.stringify({ ...e, occurredAt: e.occurredAt.toISOString(), recordedAt: e.recordedAt.toISOString() })
            : `#${e.position} v${e.version} ${e.event._tag} occurred ${e.occurredAt.toISOString()} ` +
                `recorded ${e.recordedAt.toISOString()} by ${who}`
        )
      }
    }).pipe(withStore(db))
).pipe(Command.withDescription("the audit timeline of one program: what, when, recorded when, by whom"))

const command = Command.make("training-ledger").pipe(Command.withSubcommands([verify, seal, checkSeal, history]))

/**
 * Runs the command line on `argv` (as `process.argv`: node, script, then the arguments) and
 * resolves when it is done; the exit code is left in `process.exitCode`.
 *
 * @since 0.2.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Promise<void> =>
  Command.run(command, { name: "training-ledger", version: "0.2.0" })(argv).pipe(
    Effect.catchAll((error) =>
      failWith(`${(error as { _tag?: string })._tag ?? "Error"}: ${String((error as Error).message ?? error)}`)
    ),
    Effect.provide(NodeContext.layer),
    Effect.runPromise
  )
