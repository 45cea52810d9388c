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
import * as Participants from "./ledger/Participants.js"
import type { Policy } from "./policy/Policy.js"
import type { RewrapReport } from "./privacy/DataKeys.js"
import * as PrivacyKeys from "./privacy/PrivacyKeys.js"
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
  /**
   * The privacy keys: `{ kek, blindIndexKey, previousKeks? }`, each `{ file }`, `{ env }` (or a
   * KEK `{ kek }` from a KMS). When not given: from the environment (`TRAINING_LEDGER_KEK_FILE`,
   * `TRAINING_LEDGER_BLIND_INDEX_KEY_FILE`, ...), random keys for `memory:`, else none (the log
   * works; personal-data operations fail with `PrivacyKeysNotConfigured`).
   */
  readonly privacy?: PrivacyKeys.Options
  /** Who may do and see what (default `Policy.defaultPolicy`). */
  readonly policy?: Policy
}

/**
 * Who asks: the actor's id, role and facility (the same as a command context's `actor`).
 *
 * @since 0.2.0
 * @category models
 */
export interface Actor {
  readonly id: string
  readonly role: string
  readonly facility: string
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
  /**
   * The participant registry, each call authorised by the access policy for `actor` (a refusal
   * rejects with `NotAuthorised`); personal fields come back as the actor's role may see them.
   */
  readonly participants: {
    /**
     * Decodes and stores a registration, encrypted (`InvalidParticipantData` names every field at
     * fault; `IdentityNumberTaken` when the NIK or NIP is registered already).
     */
    readonly register: (registration: unknown, actor: Actor) => Promise<Participant.Participant>
    readonly get: (participantId: string, reader: Actor) => Promise<Participant.Participant | undefined>
    readonly findByNik: (nik: string, reader: Actor) => Promise<Participant.Participant | undefined>
    readonly findByNip: (nip: string, reader: Actor) => Promise<Participant.Participant | undefined>
    /** Erases the person's personal data for good, everywhere it is encrypted (the log untouched). */
    readonly erase: (
      participantId: string,
      request: { readonly lawfulBasis: string; readonly reference?: string },
      actor: Actor
    ) => Promise<Participant.Participant>
  }
  /**
   * Re-wraps every person's data key under the current KEK while the ledger keeps running (see
   * docs/privacy.md, rotation); repeat until `remaining` is 0, then retire the old KEK.
   */
  readonly rotateKek: (options?: { readonly batchSize?: number }) => Promise<RewrapReport>
  /** Walks the hash chain of the whole log. */
  readonly verify: () => Promise<VerifyReport>
  readonly seal: () => Promise<Seal>
  readonly checkSeal: (seal: LogHead) => Promise<boolean>
  readonly close: () => Promise<void>
}

const encodeEvent = Schema.encodeSync(Program.Event)

/**
 * Creates (or reuses) two key files in `directory`: `kek.key` and `blind-index.key`, 32 random
 * bytes each, mode 0600, never overwritten; answers the `privacy` option that names them. For a
 * quick start: in production, keep the keys in your secret store, outside the database and its
 * backups (docs/privacy.md).
 *
 * @since 0.2.0
 * @category constructors
 */
export const generateKeyFiles = (directory: string): Promise<PrivacyKeys.Options> =>
  Effect.runPromise(
    Effect.map(PrivacyKeys.generateFiles(directory), ({ blindIndexKey, kek }) => ({ kek, blindIndexKey }))
  )

/**
 * Opens (and migrates) the store at `url` and returns the ledger's Promise API.
 *
 * @since 0.1.0
 * @category constructors
 */
export const openLedger = async (options: OpenOptions = {}): Promise<PromiseLedger> => {
  const runtime = ManagedRuntime.make(
    Stores.layerLedger(options.url ?? "sqlite:./training-ledger.sqlite", {
      ...(options.privacy !== undefined ? { privacy: options.privacy } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {})
    })
  )

  // Reject with the error itself (its _tag and message intact), not Effect's FiberFailure wrapper.
  const run = <A, E>(
    effect: Effect.Effect<A, E, Ledger.Ledger | Participants.Participants | Stores.Stores>
  ): Promise<A> =>
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
  const participants = Participants.Participants
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
      register: (registration, actor) => run(Effect.flatMap(participants, (p) => p.register(registration, actor))),
      get: (participantId, reader) =>
        run(Effect.flatMap(participants, (p) => p.get(participantId, reader)).pipe(Effect.map(Option.getOrUndefined))),
      findByNik: (nik, reader) =>
        run(Effect.flatMap(participants, (p) => p.findByNik(nik, reader)).pipe(Effect.map(Option.getOrUndefined))),
      findByNip: (nip, reader) =>
        run(Effect.flatMap(participants, (p) => p.findByNip(nip, reader)).pipe(Effect.map(Option.getOrUndefined))),
      erase: (participantId, request, actor) =>
        run(Effect.flatMap(participants, (p) => p.erase(participantId, request, actor)))
    },
    rotateKek: (rotation) => run(Effect.flatMap(participants, (p) => p.rotateKek(rotation))),
    verify: () => run(Effect.flatMap(LogAudit, (s) => s.verify())),
    seal: () => run(Effect.flatMap(LogAudit, (s) => s.seal())),
    checkSeal: (seal) => run(Effect.flatMap(LogAudit, (s) => s.checkSeal(seal))),
    close: () => runtime.dispose()
  }
}
