// W9, emmett:postgres (our adaptation): Emmett's `CommandHandler` with training-ledger's own pure
// Program decider, appending through its PostgreSQL event store's `appendToStream`, its pool per
// process (dumbo over pg). Per command the handler reads and folds the whole stream (Emmett keeps
// no state between commands), decides with the Ledger's preparation (`Requests.prepare`, the
// command itself for these commands) and `Program.decide`, and appends the events as the Ledger
// encodes them (`EventCodec`), with the Ledger's metadata (actor, source, command id and hash).
// Its retry on a version conflict is set like the Ledger's: 20 attempts, waits exponential from
// 2 ms, doubled, capped at 100 ms, randomized (async-retry's randomize: x1 to x2; the Ledger's
// jitter: x0.8 to x1.2).
import { dumbo } from "@event-driven-io/dumbo"
import { CommandHandler, STREAM_DOES_NOT_EXIST, isExpectedVersionConflictError } from "@event-driven-io/emmett"
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Program from "../../src/domain/Program.ts"
import * as EventCodec from "../../src/events/EventCodec.ts"
import * as Requests from "../../src/ledger/Requests.ts"
import type * as VerificationCodes from "../../src/ledger/VerificationCodes.ts"
import type * as Commands from "./commands.ts"
import { emptyReport, recordError, timed, type RunExecutors } from "./executor.ts"

interface EmmettEvent {
  readonly type: string
  readonly data: Record<string, unknown>
  readonly metadata?: Record<string, unknown>
}

// The Ledger validates every event it loads to decide on: so does this evolve.
const decodeEvent = Schema.decodeUnknownSync(Program.Event)
const evolve = (state: Program.State, event: EmmettEvent): Program.State =>
  Program.decider.evolve(state, decodeEvent({ ...event.data, _tag: event.type }))

// Neither is asked for: no command of W9 issues a certificate.
const noCodes: VerificationCodes.VerificationCodes["Type"] = { next: Effect.dieMessage("W9 issues no certificate") }
const noHolders: Requests.Holders = { sealHolderName: () => Effect.dieMessage("W9 issues no certificate") }

/** The decision as Emmett's handler function: state in, encoded events out (a rejection throws). */
const decide = (c: Commands.Planned) => (state: Program.State) => {
  const prepared = Effect.runSync(Requests.prepare(c.command, noCodes, noHolders, state))
  const events = Either.getOrThrow(Program.decide(prepared.toDomain(0), state))
  const metadata = {
    actor: c.actor,
    source: "user",
    commandId: c.commandId,
    commandHash: Requests.fingerprint(c.command)
  }
  return events.map((e, i): EmmettEvent => {
    // the event id is dropped: Emmett gives each message its own
    const { type, data } = EventCodec.program.encode(e, `${c.commandId}-${i}`, prepared.occurredAt)
    return { type, data: data as Record<string, unknown>, metadata }
  })
}

const open = (url: string, migrate: boolean) => {
  const pool = dumbo({ connectionString: url })
  const store = getPostgreSQLEventStore(url, {
    connectionOptions: { dumbo: pool },
    // four processes start together: the fleet's parent migrated the schema once
    ...(migrate ? {} : { schema: { autoMigration: "None" as const } })
  })
  return { pool, store, close: async () => (await store.close?.(), await pool.close?.()) }
}

/** The untimed setup: the schema, then each program's decided events in one `appendToStream`. */
export const prepare = async (url: string, setup: ReadonlyArray<Commands.SetupAppend>) => {
  const { store, close } = open(url, true)
  try {
    await store.schema.migrate()
    for (const s of setup)
      await store.appendToStream(
        s.streamId,
        s.events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...s.metadata } })),
        { expectedStreamVersion: STREAM_DOES_NOT_EXIST }
      )
  } finally {
    await close()
  }
}

export const run: RunExecutors = async (url, shares, barrier) => {
  const report = emptyReport()
  const { store, close } = open(url, false)
  const handle = CommandHandler<Program.State, EmmettEvent>({
    evolve,
    initialState: () => Program.decider.initialState,
    retry: {
      onVersionConflict: {
        retries: 19,
        factor: 2,
        minTimeout: 2,
        maxTimeout: 100,
        randomize: true,
        shouldRetryError: (e: unknown) => {
          const conflict = isExpectedVersionConflictError(e)
          if (conflict) report.conflicts++
          return conflict
        },
        onRetry: () => void report.retries++
      }
    }
  })
  const clock = timed(report, barrier)
  try {
    await clock.barrier()
    await Promise.all(
      shares.map(async (share) => {
        for (const c of share) {
          const s = performance.now()
          try {
            await handle(store, c.streamId, decide(c))
            report.acked.push(c.index)
          } catch (e) {
            if (isExpectedVersionConflictError(e)) report.gaveUp++
            else recordError(report, String((e as Error)?.message ?? e))
          }
          report.latencies.push(performance.now() - s)
        }
      })
    )
    clock.stop()
    return report
  } finally {
    await close()
  }
}

/** After the run: each stored message's stream and command id (the fleet's check). */
export const storedQuery = (schema: string) =>
  `SELECT stream_id, message_metadata->>'commandId' AS command_id FROM ${schema}.emt_messages`

/** Emmett keeps no hash chain: nothing to verify. */
export const verify = async (_url: string): Promise<string | undefined> => undefined
