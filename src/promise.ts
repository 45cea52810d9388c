/**
 * training-ledger for code that does not use Effect: `openLedger({ url })` returns an object of
 * plain async methods. Inputs and outputs are JSON-shaped (instants as ISO-8601 strings); a
 * rejected promise carries the error object itself, with its `_tag` and `message`.
 *
 * ```ts
 * import { openLedger } from "training-ledger/promise"
 * const ledger = await openLedger({ url: "sqlite:./ledger.sqlite" })
 * await ledger.execute({ _tag: "PublishProgram", programId: "P-1", occurredAt: "2024-09-01T01:00:00Z" }, context)
 * await ledger.close()
 * ```
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Program from "./domain/Program.js"
import type * as CommandContext from "./ledger/CommandContext.js"
import { toJsonShape } from "./ledger/JsonShape.js"
import * as Ledger from "./ledger/Ledger.js"
import * as Requests from "./ledger/Requests.js"
import type { LogHead } from "./ports/EventStore.js"
import { LogAudit, type Seal, type VerifyReport } from "./ports/LogAudit.js"
import { ParticipantRegistry } from "./ports/ParticipantRegistry.js"
import * as ProgramSummary from "./projections/ProgramSummary.js"
import { fold } from "./projections/Projection.js"
import type * as Participant from "./registry/Participant.js"
import * as Stores from "./stores/Stores.js"

export {
  /**
   * @since 0.1.0
   * @category errors
   */
  InvalidCommand
} from "./ledger/Requests.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface OpenOptions {
  /** `sqlite:<path>` (default `sqlite:./training-ledger.sqlite`), `postgres://...` or `memory:`. */
  readonly url?: string
}

/**
 * An event of a program's history, JSON-shaped.
 *
 * @since 0.1.0
 * @category models
 */
export interface HistoryEntry {
  readonly position: number
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly occurredAt: string
  readonly recordedAt: string
  readonly actor: { readonly id: string; readonly role: string; readonly facility: string }
  readonly source: string
  readonly commandId: string | undefined
  readonly correlationId: string | undefined
  readonly prevHash: string
  readonly hash: string
  readonly data: Schema.Schema.Encoded<typeof Program.Event>
}

/**
 * What `execute` answers, JSON-shaped.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExecuteResult extends Omit<Ledger.ExecuteResult, "events"> {
  readonly events: ReadonlyArray<Schema.Schema.Encoded<typeof Program.Event>>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface PromiseLedger {
  /** Decodes the command and the context (refusing malformed input with `InvalidCommand` or `InvalidCommandContext`), then executes. */
  readonly execute: (
    command: Requests.LedgerCommandEncoded,
    context: CommandContext.CommandContextInput
  ) => Promise<ExecuteResult>
  /**
   * The program's current state as plain JSON (`ledger/JsonShape.ts`: maps as arrays of
   * `{ key, value }`, instants as ISO strings), or undefined when there is no such program.
   */
  readonly getProgram: (programId: string) => Promise<unknown>
  /** The program summary read model (see `projections/ProgramSummary.ts`). */
  readonly summary: (programId: string) => Promise<ProgramSummary.Summary | undefined>
  readonly history: (programId: string) => Promise<ReadonlyArray<HistoryEntry>>
  readonly participants: {
    /** Decodes and stores a registration (`InvalidParticipantData` names every field at fault). */
    readonly register: (registration: unknown) => Promise<Participant.Participant>
    readonly get: (participantId: string) => Promise<Participant.Participant | undefined>
    readonly erase: (participantId: string, reason: string) => Promise<Participant.Participant>
  }
  /** Walks the hash chain of the whole log. */
  readonly verify: () => Promise<VerifyReport>
  readonly seal: () => Promise<Seal>
  readonly checkSeal: (seal: LogHead) => Promise<boolean>
  readonly close: () => Promise<void>
}

const encodeEvent = Schema.encodeSync(Program.Event)

/**
 * Opens (and migrates) the store at `url` and returns the ledger's Promise API.
 *
 * @since 0.1.0
 * @category constructors
 */
export const openLedger = async (options: OpenOptions = {}): Promise<PromiseLedger> => {
  const runtime = ManagedRuntime.make(Stores.layerLedger(options.url ?? "sqlite:./training-ledger.sqlite"))

  // Reject with the error itself (its _tag and message intact), not Effect's FiberFailure wrapper.
  const run = <A, E>(effect: Effect.Effect<A, E, Ledger.Ledger | Stores.Stores>): Promise<A> =>
    runtime
      .runPromiseExit(effect)
      .then((exit) =>
        Exit.isSuccess(exit)
          ? exit.value
          : Promise.reject(Option.getOrElse(Cause.failureOption(exit.cause), () => Cause.squash(exit.cause)))
      )

  try {
    await run(Effect.void) // builds the layer now: a bad URL or an unreachable database fails `openLedger`
  } catch (error) {
    await runtime.dispose()
    throw error
  }

  const ledger = Ledger.Ledger
  const history = (programId: string) => Effect.flatMap(ledger, (l) => l.history(programId))
  return {
    execute: (command, context) =>
      run(
        Effect.gen(function* () {
          const decoded = yield* Requests.decode(command)
          const result = yield* (yield* ledger).execute(decoded, context)
          return { ...result, events: result.events.map((e) => encodeEvent(e)) }
        })
      ),
    getProgram: (programId) =>
      run(
        Effect.flatMap(ledger, (l) => l.getProgram(programId)).pipe(
          Effect.map((state) => (Option.isSome(state) ? toJsonShape(state.value) : undefined))
        )
      ),
    summary: (programId) =>
      run(
        history(programId).pipe(
          Effect.map((events) => {
            const state = fold(ProgramSummary.projection, events).get(programId)
            return state === undefined ? undefined : ProgramSummary.view(state)
          }),
          Effect.catchTag("ProgramNotFound", () => Effect.succeed(undefined))
        )
      ),
    history: (programId) =>
      run(
        history(programId).pipe(
          Effect.map((events) =>
            events.map(
              (e): HistoryEntry => ({
                position: e.position,
                version: e.version,
                eventId: e.eventId,
                type: e.event._tag,
                occurredAt: e.occurredAt.toISOString(),
                recordedAt: e.recordedAt.toISOString(),
                actor: e.metadata.actor,
                source: e.metadata.source,
                commandId: e.metadata.commandId,
                correlationId: e.metadata.correlationId,
                prevHash: e.prevHash,
                hash: e.hash,
                data: encodeEvent(e.event)
              })
            )
          )
        )
      ),
    participants: {
      register: (registration) =>
        run(Effect.flatMap(ParticipantRegistry, (r) => r.register(registration as Participant.RegistrationInput))),
      get: (participantId) =>
        run(Effect.flatMap(ParticipantRegistry, (r) => r.get(participantId)).pipe(Effect.map(Option.getOrUndefined))),
      erase: (participantId, reason) => run(Effect.flatMap(ParticipantRegistry, (r) => r.erase(participantId, reason)))
    },
    verify: () => run(Effect.flatMap(LogAudit, (s) => s.verify())),
    seal: () => run(Effect.flatMap(LogAudit, (s) => s.seal())),
    checkSeal: (seal) => run(Effect.flatMap(LogAudit, (s) => s.checkSeal(seal))),
    close: () => runtime.dispose()
  }
}
