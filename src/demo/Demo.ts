/**
 * Records the founding case (`cipinangBatik2024.ts`) through the Ledger: what `npm run demo` and
 * `training-ledger demo` both do. A store that already holds events is refused unless `force` is
 * given (the demo never writes among someone's records by accident); with `force` the demo's
 * program takes an id of its own beside them.
 *
 * Participants and their names are fictional; names go to the participant registry, never into
 * events.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Path from "node:path"
import * as Ledger from "../ledger/Ledger.js"
import { Participants } from "../ledger/Participants.js"
import { fromDomain } from "../ledger/Requests.js"
import { EventStore, type LogHead } from "../ports/EventStore.js"
import type * as KeyMaterial from "../privacy/KeyMaterial.js"
import * as PrivacyKeys from "../privacy/PrivacyKeys.js"
import * as StoreUrl from "../stores/StoreUrl.js"
import { actorFor, castOf } from "./Cast.js"
import { foundingCase } from "./cipinangBatik2024.js"

/**
 * The program id the demo records under in an empty store.
 *
 * @since 0.2.0
 * @category constants
 */
export const programId = "cip-batik-2024"

/**
 * The store already holds events and `force` was not given.
 *
 * @since 0.2.0
 * @category errors
 */
export class StoreNotEmpty extends Schema.TaggedError<StoreNotEmpty>()("StoreNotEmpty", {
  events: Schema.Number
}) {
  override get message() {
    return (
      `the store already holds ${this.events} events: the demo records only into a new or empty store ` +
      `(use --force to record beside them under a new program id, or choose another --db)`
    )
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** Record beside existing events, under a program id of its own. */
  readonly force?: boolean | undefined
  /** The suffix of that id (default: the clock in base 36). */
  readonly suffix?: string | undefined
}

/**
 * @since 0.2.0
 * @category models
 */
export interface Recorded {
  readonly programId: string
  readonly commands: number
  readonly certificates: ReadonlyArray<Ledger.IssuedCertificate>
  /** The log's head before and after. */
  readonly before: LogHead
  readonly after: LogHead
}

/**
 * Records the founding case.
 *
 * @since 0.2.0
 * @category recording
 */
export const record = (options: Options = {}) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const participants = yield* Participants
    const store = yield* EventStore
    const cast = castOf("LPCIP")

    const before = yield* store.head()
    if (before.position > 0 && options.force !== true) return yield* new StoreNotEmpty({ events: before.position })
    const id = before.position > 0 ? `${programId}-${options.suffix ?? Date.now().toString(36)}` : programId

    // The Ledger allocates the number and the verification code itself: the scenario's values for
    // those two fields are placeholders here.
    const scenario = foundingCase({ programId: id, verificationCodeHash: () => "0".repeat(64) })

    // On a shared server the people may already be registered from an earlier run: one person,
    // one registry entry, however many programs they join.
    // Each command is recorded by the person whose role the access policy names for it: the BLK's
    // program officer, the partner's trainer, the head of the facility for the certificates.
    for (const p of scenario.participants) {
      yield* participants
        .register(
          { participantId: p.participantId, kind: p.kind, facility: "LPCIP", fullName: p.displayName },
          cast.officer
        )
        .pipe(Effect.catchTag("ParticipantAlreadyRegistered", () => Effect.void))
    }

    const context = (tag: string, commandId: string) => ({
      actor: actorFor(tag, "LPCIP"),
      source: "user" as const,
      commandId,
      correlationId: `demo-${id}`
    })
    const certificates: Array<Ledger.IssuedCertificate> = []
    for (const [i, command] of scenario.commands.entries()) {
      const result = yield* ledger.execute(fromDomain(command), context(command._tag, `${id}-command-${i}`))
      if (result.certificate !== undefined) certificates.push(result.certificate)
    }
    const after = yield* store.head()
    return { programId: id, commands: scenario.commands.length, certificates, before, after } satisfies Recorded
  })

/**
 * The privacy keys the demo uses: the environment's when it names a key-encryption key
 * (`TRAINING_LEDGER_KEK_FILE` / `TRAINING_LEDGER_KEK`), random in-memory keys for `memory:`, else
 * two key files beside the database, created on first use (`./demo.sqlite` -> `./demo.keys/`).
 * A real facility keeps its keys apart from the database and its backups (docs/privacy.md).
 *
 * @since 0.2.0
 * @category keys
 */
export const keysFor = (
  url: string
): Effect.Effect<
  { readonly privacy: PrivacyKeys.Options | undefined; readonly note: string },
  KeyMaterial.InvalidKeyMaterial
> => {
  const fromEnvironment = [PrivacyKeys.Env.kekFile, PrivacyKeys.Env.kek].some(
    (name) => (process.env[name] ?? "") !== ""
  )
  if (fromEnvironment) return Effect.succeed({ privacy: undefined, note: "from the environment" })
  const target = StoreUrl.parse(url)
  if (target._tag === "Left" || target.right._tag === "Memory") {
    return Effect.succeed({ privacy: undefined, note: "random, in memory" })
  }
  const directory =
    target.right._tag === "Sqlite"
      ? Path.join(
          Path.dirname(target.right.filename),
          `${Path.basename(target.right.filename, Path.extname(target.right.filename))}.keys`
        )
      : Path.resolve("demo.keys")
  return Effect.map(PrivacyKeys.generateFiles(directory), (files) => ({
    privacy: { kek: files.kek, blindIndexKey: files.blindIndexKey },
    note: `${directory} (${files.created.length > 0 ? "created now" : "reused"}; keep them with the database, apart from its backups)`
  }))
}
