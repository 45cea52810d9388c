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
import { EventStore, type EventMetadataInput, type LogHead, type StoredEvent } from "./ports/EventStore.js"
import { LogAudit, type Seal, type VerifyReport } from "./ports/LogAudit.js"
import * as Engine from "./engine/Engine.js"
import * as Export from "./engine/Export.js"
import * as ReadModels from "./engine/ReadModels.js"
import * as Participants from "./ledger/Participants.js"
import type { Policy } from "./policy/Policy.js"
import type { RewrapReport } from "./privacy/DataKeys.js"
import * as PrivacyKeys from "./privacy/PrivacyKeys.js"
import * as AsOf from "./projections/AsOf.js"
import type * as ProgramSummary from "./projections/ProgramSummary.js"
import * as RowSet from "./projections/RowSet.js"
import { Actor as ActorSchema, toJson as envelopeJson } from "./domain/Envelope.js"
import * as Decode from "./boundary/Decode.js"
import * as LogOptions from "./boundary/LogReadOptions.js"
import * as LogReads from "./log/LogReads.js"
import { InvalidReadOptions } from "./ports/EventStore.js"
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
   * The read models: which are inline, custom reports, whether this process runs the async
   * worker (default: the built-in ones, no worker: async read models are brought up to date
   * when read).
   */
  readonly readModels?: Engine.Options
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
 * An event of the log in its envelope, JSON-shaped: the fields of an export bundle's event line
 * (`audit/BundleFormat.ts`) without the bundle's `contentHash` and `proof`. `data` is the
 * payload as its Schema encoded it (after upcasting, as the projections read it), without `_tag`:
 * `type` names the event. Events carry no personal data in clear (docs/privacy.md).
 *
 * @since 0.2.0
 * @category models
 */
export interface LogEvent {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: unknown
  readonly metadata: EventMetadataInput
  readonly occurredAt: string
  readonly recordedAt: string
  readonly prevHash: string
  readonly hash: string
}

/**
 * Which part of the log `events` and `foldEvents` read, and in pages of how many events. A
 * malformed or unknown option rejects with `InvalidReadOptions` naming the field and the rule.
 *
 * @since 0.2.0
 * @category models
 */
export interface LogReadOptions {
  /** The first position read, a positive integer (default 1). */
  readonly fromPosition?: number | undefined
  /** The last position read, inclusive, a positive integer (default: the head when the page is read). */
  readonly toPosition?: number | undefined
  /** Events per page and per round trip, 1 to 10,000 (default 1,000). */
  readonly batchSize?: number | undefined
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
  /**
   * The program summary, read from its table (see `projections/ProgramSummary.ts`), brought to
   * the head of the log first when it is async (the default).
   */
  readonly summary: (programId: string) => Promise<ProgramSummary.Summary | undefined>
  /**
   * Rows of a read model as JSON (instants as ISO-8601 strings): `name` is a table
   * (`program_roster`, `attendance_register`, ...; see docs/read-models.md) or a read model with
   * one table (`program-roster`); `filter` selects by column (`{ programId: "P-1" }` or
   * `{ program_id: "P-1" }`) and may give a `limit`. An async read model is first brought to the
   * head of the log (`fresh: false` reads the table as it is). An unknown name fails with
   * `UnknownReadModel` (listing the allowed names), a bad filter with `InvalidFilter`.
   */
  readonly readModel: (
    name: string,
    filter?: Readonly<Record<string, unknown>>,
    options?: { readonly fresh?: boolean }
  ) => Promise<ReadonlyArray<JsonRow>>
  /**
   * A read model's rows as a file's text: `csv` (UTF-8 with a byte order mark and a header of
   * the table's column names; Excel opens it with Indonesian characters intact) or `json`. Name
   * and filter as in `readModel`; an async read model is first brought to the head of the log.
   */
  readonly exportReadModel: (
    name: string,
    filter?: Readonly<Record<string, unknown>>,
    options?: { readonly format?: "csv" | "json"; readonly fresh?: boolean }
  ) => Promise<string>
  /**
   * Every read model of one program as of a business date, a record time or a log position,
   * computed from the log in memory (the stored tables are not touched): rows by table name.
   * `asOf` is JSON: `{ _tag: "BusinessDate", date: "2024-09-05" }` (the end of that local date in
   * the program's zone, events typed in later about earlier days included),
   * `{ _tag: "BusinessTime", at }`, `{ _tag: "RecordedBy", at }` (what the ledger knew then) or
   * `{ _tag: "Position", position }`. A bad one fails with `InvalidAsOf`.
   */
  readonly replay: (programId: string, asOf: unknown) => Promise<Readonly<Record<string, ReadonlyArray<JsonRow>>>>
  /**
   * The certificate register with holders' names as the access policy lets `reader` see them: in
   * clear for a role granted the full name at the certificate's facility (head of facility,
   * program officer, auditor...), masked for one that is not (ministry) or when no reader is
   * given; a reader the policy refuses (analyst, another facility) rejects with `NotAuthorised`.
   */
  readonly certificates: (
    filter?: { readonly programId?: string; readonly holderId?: string; readonly number?: string },
    options?: { readonly reader?: Actor }
  ) => Promise<ReadonlyArray<JsonRow>>
  /** Evaluation material of a program, compared with the previous iteration of its series. */
  readonly evaluation: (programId: string) => Promise<JsonRow | undefined>
  /** Brings the async read models to the head of the log now. */
  readonly catchUp: () => Promise<void>
  readonly history: (programId: string) => Promise<ReadonlyArray<HistoryEntry>>
  /**
   * The whole log (or the range of `options`) in position order, as pages of up to `batchSize`
   * events: one round trip and one `runPromise` per page, none per event, and memory for one
   * page whatever the log's size. A page is read when the loop asks for it, so events appended
   * meanwhile are read too, up to `toPosition`. Like `history`, an audit read of the log itself:
   * no reader, no access policy (the policy governs commands and read models; events carry no
   * personal data in clear).
   *
   * ```ts
   * for await (const page of ledger.events({ batchSize: 1000 })) for (const event of page) ...
   * ```
   */
  readonly events: (options?: LogReadOptions) => AsyncIterable<ReadonlyArray<LogEvent>>
  /**
   * Folds the log (or the range of `options`) in position order: `step(state, event)` for every
   * event, a page at a time as `events` reads them; resolves with the last state. `step` may
   * update `state` in place and return it.
   */
  readonly foldEvents: <S>(initial: S, step: (state: S, event: LogEvent) => S, options?: LogReadOptions) => Promise<S>
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

/**
 * A read-model row as JSON: column name to a string, number, boolean, null, or a JSON value.
 *
 * @since 0.2.0
 * @category models
 */
export type JsonRow = Readonly<Record<string, unknown>>

const encodeEvent = Schema.encodeSync(Program.Event)

const logEvent = (e: StoredEvent): LogEvent => envelopeJson(e)

/** Dates as ISO-8601 strings, everything else as it is (the read models' exports' own rule). */
const toJson = Export.jsonValue

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

const decodeReaderEither = Decode.decode(ActorSchema, { root: "reader", whole: "reader", onExcessProperty: "error" })

/** The `reader` read option: an actor (`{ id, role, facility }`), refused as a read option otherwise. */
const decodeReader = (input: unknown): Effect.Effect<typeof ActorSchema.Type, InvalidReadOptions> => {
  const decoded = decodeReaderEither(input)
  return decoded._tag === "Right"
    ? Effect.succeed(decoded.right)
    : Effect.fail(new InvalidReadOptions({ field: decoded.left[0].field, rule: decoded.left[0].rule }))
}

/** Brings the read model named (or owning the table named) to the head of the log, when it is async. */
const freshen = (name: string) =>
  Effect.gen(function* () {
    const engine = yield* Engine.ProjectionEngine
    const owner = engine.projections.find((p) => p.name === name || p.tables.some((t) => t.name === name))
    if (owner !== undefined && !engine.inline.includes(owner)) yield* engine.catchUp([owner.name])
  })

/**
 * Opens (and migrates) the store at `url` and returns the ledger's Promise API.
 *
 * @since 0.1.0
 * @category constructors
 */
export const openLedger = async (options: OpenOptions = {}): Promise<PromiseLedger> => {
  const options_ = options
  const runtime = ManagedRuntime.make(
    Stores.layerLedger(options.url ?? "sqlite:./training-ledger.sqlite", {
      readModels: options.readModels,
      ...(options.privacy !== undefined ? { privacy: options.privacy } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {})
    })
  )

  // Reject with the error itself (its _tag and message intact), not Effect's FiberFailure wrapper.
  const run = <A, E>(
    effect: Effect.Effect<
      A,
      E,
      Ledger.Ledger | Participants.Participants | Stores.Stores | Engine.ProjectionEngine | ReadModels.ReadModels
    >
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

  /** Keyset pages by position, one `run` each: the options decoded when the first page is asked for. */
  async function* events(options: unknown): AsyncGenerator<ReadonlyArray<LogEvent>, void, undefined> {
    const decoded = await run(LogOptions.decode(options))
    const batchSize = decoded.batchSize ?? LogReads.defaultBatchSize
    const toPosition = decoded.toPosition ?? Number.MAX_SAFE_INTEGER
    let fromPosition = decoded.fromPosition ?? 1
    while (fromPosition <= toPosition) {
      const page = await run(
        Effect.flatMap(EventStore, (store) => LogReads.readPage(store, { fromPosition, toPosition, batchSize }))
      )
      if (page.length > 0) yield page.map(logEvent)
      if (page.length < batchSize) return
      fromPosition = page[page.length - 1].position + 1
    }
  }
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
        Effect.gen(function* () {
          yield* Ledger.decodeProgramId(programId)
          const engine = yield* Engine.ProjectionEngine
          const stale = engine.projections.filter(
            (p) => (p.name === "program-summary" || p.name === "certificate-register") && !engine.inline.includes(p)
          )
          if (stale.length > 0) yield* engine.catchUp(stale.map((p) => p.name))
          return Option.getOrUndefined(yield* (yield* ReadModels.ReadModels).summary(programId))
        })
      ),
    readModel: (name, filter = {}, options = {}) =>
      run(
        Effect.gen(function* () {
          if (options.fresh !== false) yield* freshen(name)
          const rows = yield* (yield* ReadModels.ReadModels).query(name, filter)
          return rows.map((row) => toJson(row) as JsonRow)
        })
      ),
    exportReadModel: (name, filter = {}, options = {}) =>
      run(
        Effect.gen(function* () {
          const format = options.format ?? "csv"
          if (!Export.formats.includes(format))
            return yield* new InvalidReadOptions({ field: "format", rule: `one of ${Export.formats.join(", ")}` })
          if (options.fresh !== false) yield* freshen(name)
          return yield* (yield* ReadModels.ReadModels).export(name, filter, format)
        })
      ),
    replay: (programId, asOf) =>
      run(
        Effect.gen(function* () {
          yield* Ledger.decodeProgramId(programId)
          const decoded = yield* AsOf.decode(asOf)
          const engine = yield* Engine.ProjectionEngine
          const rows = yield* engine.replay(decoded, { programId })
          const out: Record<string, ReadonlyArray<JsonRow>> = {}
          for (const table of rows.tables.keys())
            out[table] = RowSet.rowsOf(rows, table).map((row) => toJson(row) as JsonRow)
          return out
        })
      ),
    certificates: (filter = {}, options = {}) =>
      run(
        Effect.gen(function* () {
          const reader = options.reader === undefined ? undefined : yield* decodeReader(options.reader)
          const r = yield* ReadModels.ReadModels
          return yield* r.certificates(filter, { reader, policy: options_.policy })
        }).pipe(Effect.map((rows) => rows.map((row) => toJson(row) as JsonRow)))
      ),
    evaluation: (programId) =>
      run(
        Effect.flatMap(Engine.ProjectionEngine, (engine) => engine.catchUp(["evaluation"])).pipe(
          Effect.zipRight(Effect.flatMap(ReadModels.ReadModels, (r) => r.evaluation(programId))),
          Effect.map((report) => (Option.isNone(report) ? undefined : (toJson(report.value) as JsonRow)))
        )
      ),
    catchUp: () => run(Effect.flatMap(Engine.ProjectionEngine, (engine) => engine.catchUp())),
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
    events: (options) => events(options),
    foldEvents: async (initial, step, options) => {
      let state = initial
      for await (const page of events(options)) for (let i = 0; i < page.length; i++) state = step(state, page[i])
      return state
    },
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
