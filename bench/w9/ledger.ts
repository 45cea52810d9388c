// W9, training-ledger:postgres: each process opens the Ledger on PostgreSQL (`Postgres.layer`,
// the default inline read models, as W8) and its executors are fibers calling `Ledger.execute`, which
// retries conflicts itself. To see its retries, the EventStore the Ledger gets is the store with
// two counters around it: version conflicts its appends met, and `exclusive` calls (the Ledger
// runs every retry of a command, and only retries, in the stream's exclusive turn).
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Postgres from "../../src/adapters/sql/Postgres.ts"
import * as Ledger from "../../src/ledger/Ledger.ts"
import * as VerificationCodes from "../../src/ledger/VerificationCodes.ts"
import { EventStore, NoStream, StreamVersionConflict } from "../../src/ports/EventStore.ts"
import { LogAudit } from "../../src/ports/LogAudit.ts"
import type * as Commands from "./commands.ts"
import { emptyReport, recordError, timed, type Report, type RunExecutors } from "./executor.ts"

const counting = (report: Report) =>
  Layer.effect(
    EventStore,
    Effect.map(EventStore, (store) =>
      EventStore.of({
        ...store,
        appendMany: (requests) =>
          store.appendMany(requests).pipe(
            Effect.tapError((e) =>
              Effect.sync(() => {
                if (e instanceof StreamVersionConflict) report.conflicts++
              })
            )
          ),
        exclusive: (streamId, effect) => Effect.suspend(() => (report.retries++, store.exclusive(streamId, effect)))
      })
    )
  )

// BENCH_INLINE=none: every read model async (none in the append's transaction), as for W8
const options = process.env.BENCH_INLINE === "none" ? { inline: [] } : {}

const ledgerLayer = (url: string, report: Report) =>
  Ledger.layer(options).pipe(
    Layer.provide(Layer.merge(counting(report), VerificationCodes.layer)),
    Layer.provide(Postgres.layer({ url }))
  )

/**
 * The untimed setup: the programs' decided events appended in bulk through the store (25
 * programs per `appendMany`), then the Ledger started once, so its inline tables are created and
 * caught up here rather than raced by four processes starting together.
 */
export const prepare = async (url: string, setup: ReadonlyArray<Commands.SetupAppend>) => {
  const append = Effect.gen(function* () {
    const store = yield* EventStore
    for (let i = 0; i < setup.length; i += 25)
      yield* store.appendMany(setup.slice(i, i + 25).map((s) => ({ ...s, expectedVersion: NoStream })))
  })
  await Effect.runPromise(Effect.provide(append, Postgres.layer({ url })))
  await Effect.runPromise(Effect.scoped(Layer.build(ledgerLayer(url, emptyReport()))))
}

export const run: RunExecutors = (url, shares, barrier) => {
  const report = emptyReport()
  const clock = timed(report, barrier)
  const program = Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const one = (c: Commands.Planned) =>
      Effect.gen(function* () {
        const s = performance.now()
        const r = yield* Effect.either(
          ledger.execute(c.command, { actor: c.actor, source: "user", commandId: c.commandId })
        )
        report.latencies.push(performance.now() - s)
        if (Either.isRight(r)) report.acked.push(c.index)
        else if (r.left._tag === "ConcurrencyRetriesExhausted") report.gaveUp++
        else recordError(report, `${r.left._tag}: ${r.left.message}`)
      })
    yield* Effect.promise(clock.barrier)
    yield* Effect.forEach(shares, (share) => Effect.forEach(share, one, { discard: true }), {
      concurrency: "unbounded",
      discard: true
    })
    clock.stop()
    return report
  })
  return Effect.runPromise(Effect.provide(program, ledgerLayer(url, report)))
}

/** After the run: each stored event's stream and command id (the fleet's check). */
export const storedQuery = (schema: string) =>
  `SELECT stream_id, metadata->>'commandId' AS command_id FROM ${schema}.events`

/** The hash chain's verdict over the whole log: undefined when intact. */
export const verify = (url: string) =>
  Effect.runPromise(
    Effect.flatMap(LogAudit, (audit) => audit.verify()).pipe(
      Effect.map((v) => (v._tag === "Intact" ? undefined : `verify: ${JSON.stringify(v)}`)),
      Effect.provide(Postgres.layer({ url }))
    )
  )
