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
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { EventStore, type LogHead, type Seal, type VerifyReport } from "./adapters/EventStore.js"
import { layerFromUrl } from "./adapters/layerFromUrl.js"
import { ParticipantRegistry } from "./adapters/ParticipantRegistry.js"
import * as Program from "./domain/Program.js"
import * as Ledger from "./Ledger.js"
import { LedgerCommand, type LedgerCommandEncoded } from "./ledger/Requests.js"
import * as VerificationCodes from "./ledger/VerificationCodes.js"
import * as ProgramSummary from "./projections/ProgramSummary.js"
import { fold } from "./projections/Projection.js"
import type { Participant, Registration } from "./registry/Participant.js"

/**
 * A command (or its context) that does not match its schema. `field` is the path of the first
 * offending value, `rule` what it must be.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>()("InvalidCommand", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Invalid command: ${this.field}: ${this.rule}`
  }
}

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
  readonly type: string
  readonly occurredAt: string
  readonly recordedAt: string
  readonly actor: { readonly id: string; readonly role: string; readonly facility: string }
  readonly source: string
  readonly commandId: string | undefined
  readonly correlationId: string | undefined
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
  readonly execute: (command: LedgerCommandEncoded, context: Ledger.CommandContext) => Promise<ExecuteResult>
  readonly getProgram: (programId: string) => Promise<Program.State | undefined>
  /** The program summary read model (see `projections/ProgramSummary.ts`). */
  readonly summary: (programId: string) => Promise<ProgramSummary.Summary | undefined>
  readonly history: (programId: string) => Promise<ReadonlyArray<HistoryEntry>>
  readonly participants: {
    readonly register: (registration: Registration) => Promise<Participant>
    readonly get: (participantId: string) => Promise<Participant | undefined>
    readonly erase: (participantId: string, reason: string) => Promise<Participant>
  }
  /** Walks the hash chain of the whole log. */
  readonly verify: () => Promise<VerifyReport>
  readonly seal: () => Promise<Seal>
  readonly checkSeal: (seal: LogHead) => Promise<boolean>
  readonly close: () => Promise<void>
}

const encodeEvent = Schema.encodeSync(Program.Event)
const decodeCommand = Schema.decodeUnknown(LedgerCommand)

const invalidCommand = (error: ParseResult.ParseError) => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return new InvalidCommand({
    field: issue === undefined || issue.path.length === 0 ? "(command)" : issue.path.join("."),
    rule: issue?.message ?? error.message
  })
}

/**
 * Opens (and migrates) the store at `url` and returns the ledger's Promise API.
 *
 * @since 0.1.0
 * @category constructors
 */
export const openLedger = async (options: OpenOptions = {}): Promise<PromiseLedger> => {
  const url = options.url ?? "sqlite:./training-ledger.sqlite"
  const stores = layerFromUrl(url)
  const layer = Layer.provideMerge(Ledger.layer(), Layer.merge(stores, VerificationCodes.layer))
  const runtime = ManagedRuntime.make(layer)

  // Reject with the error itself (its _tag and message intact), not Effect's FiberFailure wrapper.
  const run = <A, E>(effect: Effect.Effect<A, E, Ledger.Ledger | EventStore | ParticipantRegistry>): Promise<A> =>
    runtime
      .runPromiseExit(effect)
      .then((exit) =>
        Exit.isSuccess(exit)
          ? exit.value
          : Promise.reject(Option.getOrElse(Cause.failureOption(exit.cause), () => Cause.squash(exit.cause)))
      )

  await run(Effect.void) // builds the layer now: a bad URL or an unreachable database fails `openLedger`

  const ledger = Ledger.Ledger
  return {
    execute: (command, context) =>
      run(
        Effect.gen(function* () {
          const decoded = yield* Effect.mapError(decodeCommand(command), invalidCommand)
          const result = yield* (yield* ledger).execute(decoded, context)
          return { ...result, events: result.events.map((e) => encodeEvent(e)) }
        })
      ),
    getProgram: (programId) =>
      run(Effect.flatMap(ledger, (l) => l.getProgram(programId)).pipe(Effect.map(Option.getOrUndefined))),
    summary: (programId) =>
      run(
        Effect.flatMap(ledger, (l) => l.history(programId)).pipe(
          Effect.map((events) => {
            const state = fold(ProgramSummary.projection, events).get(programId)
            return state === undefined ? undefined : ProgramSummary.view(state)
          })
        )
      ),
    history: (programId) =>
      run(
        Effect.flatMap(ledger, (l) => l.history(programId)).pipe(
          Effect.map((events) =>
            events.map(
              (e): HistoryEntry => ({
                position: e.position,
                version: e.version,
                type: e.event._tag,
                occurredAt: e.occurredAt.toISOString(),
                recordedAt: e.recordedAt.toISOString(),
                actor: e.metadata.actor,
                source: e.metadata.source,
                commandId: e.metadata.commandId,
                correlationId: e.metadata.correlationId,
                data: encodeEvent(e.event)
              })
            )
          )
        )
      ),
    participants: {
      register: (registration) => run(Effect.flatMap(ParticipantRegistry, (r) => r.register(registration))),
      get: (participantId) =>
        run(Effect.flatMap(ParticipantRegistry, (r) => r.get(participantId)).pipe(Effect.map(Option.getOrUndefined))),
      erase: (participantId, reason) => run(Effect.flatMap(ParticipantRegistry, (r) => r.erase(participantId, reason)))
    },
    verify: () => run(Effect.flatMap(EventStore, (s) => s.verify())),
    seal: () => run(Effect.flatMap(EventStore, (s) => s.seal())),
    checkSeal: (seal) => run(Effect.flatMap(EventStore, (s) => s.checkSeal(seal))),
    close: () => runtime.dispose()
  }
}
