/**
 * Opening the store a command names: the URL from `--db` or `TRAINING_LEDGER_DB` (never a default
 * file), read-only for the auditors' commands (the store must exist and be a training-ledger
 * store: `Stores.layerLedger(url, { create: false })`), creating only for `init`, `migrate` and
 * `demo`. The wiring preset is loaded on first use, so `--help` and usage errors stay quick.
 *
 * Also the facility's zone and the language that follows from it.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Engine from "../engine/Engine.js"
import type * as EngineReadModels from "../engine/ReadModels.js"
import type * as Ledger from "../ledger/Ledger.js"
import type { Participants } from "../ledger/Participants.js"
import type * as VerificationCodes from "../ledger/VerificationCodes.js"
import type * as PrivacyKeys from "../privacy/PrivacyKeys.js"
import { EventStore, type ReadError } from "../ports/EventStore.js"
import type * as Stores from "../stores/Stores.js"
import { NoStoreGiven } from "./Failures.js"
import type { Lang } from "./Labels.js"
import { isIndonesianZone } from "./Output.js"
import * as Wiring from "./Wiring.js"

/**
 * The environment variable read when `--db` is not given.
 *
 * @since 0.2.0
 * @category constants
 */
export const dbVariable = "TRAINING_LEDGER_DB"

/**
 * The environment variable read when `--lang` is not given.
 *
 * @since 0.2.0
 * @category constants
 */
export const langVariable = "TRAINING_LEDGER_LANG"

/**
 * The store URL: `--db`, else `TRAINING_LEDGER_DB`, else `NoStoreGiven`.
 *
 * @since 0.2.0
 * @category store
 */
export const resolveUrl = (db: Option.Option<string>): Effect.Effect<string, NoStoreGiven> =>
  Option.match(
    Option.orElse(
      Option.filter(db, (url) => url.trim() !== ""),
      () => Option.filter(Option.fromNullable(process.env[dbVariable]), (url) => url.trim() !== "")
    ),
    { onNone: () => Effect.fail(new NoStoreGiven()), onSome: Effect.succeed }
  )

/**
 * What an opened store provides.
 *
 * @since 0.2.0
 * @category store
 */
export type Services =
  | Ledger.Ledger
  | Participants
  | Stores.Stores
  | VerificationCodes.VerificationCodes
  | Engine.ProjectionEngine
  | EngineReadModels.ReadModels
  | Wiring.Services

/**
 * The Ledger and every port on the store at `url` (without the command line's own services).
 *
 * @since 0.2.0
 * @category store
 */
export const layer = (
  url: string,
  create: boolean,
  privacy?: PrivacyKeys.Options
): Layer.Layer<
  | Ledger.Ledger
  | Participants
  | Stores.Stores
  | VerificationCodes.VerificationCodes
  | Engine.ProjectionEngine
  | EngineReadModels.ReadModels,
  Stores.OpenError | Engine.EngineError
> =>
  Layer.unwrapEffect(
    Effect.map(
      Effect.promise(() => import("../stores/Stores.js")),
      (StoresModule) => StoresModule.layerLedger(url, privacy === undefined ? { create } : { create, privacy })
    )
  )

const open =
  (create: boolean) =>
  (db: Option.Option<string>, keys: Option.Option<string> = Option.none()) =>
  <A, E, R>(
    effect: (url: string) => Effect.Effect<A, E, R>
  ): Effect.Effect<A, E | NoStoreGiven | Stores.OpenError | Engine.EngineError, Exclude<R, Services>> =>
    Effect.flatMap(resolveUrl(db), (url) =>
      Effect.provide(effect(url), Layer.provideMerge(Wiring.layer, layer(url, create, keysIn(keys))))
    )

/**
 * The privacy keys in a directory (`--keys`): `kek.key` and `blind-index.key`, as
 * `PrivacyKeys.generateFiles` and `training-ledger demo` write them. Without `--keys`, the
 * environment's (`TRAINING_LEDGER_KEK_FILE`, ...).
 *
 * @since 0.2.0
 * @category store
 */
export const keysIn = (keys: Option.Option<string>): PrivacyKeys.Options | undefined =>
  Option.match(keys, {
    onNone: () => undefined,
    onSome: (dir) => ({ kek: { file: `${dir}/kek.key` }, blindIndexKey: { file: `${dir}/blind-index.key` } })
  })

/**
 * Runs `effect` on the existing store `--db` names; nothing is created or migrated.
 *
 * @since 0.2.0
 * @category store
 */
export const readOnly = open(false)

/**
 * Runs `effect` on the store `--db` names, created (and migrated) when new.
 *
 * @since 0.2.0
 * @category store
 */
export const creating = open(true)

/**
 * The time zone of the first program drafted in the log (among its first 1,000 events): the
 * facility's zone for log-wide output (verify, seal, programs).
 *
 * @since 0.2.0
 * @category facility
 */
export const firstZone: Effect.Effect<Option.Option<string>, ReadError, EventStore> = Effect.gen(function* () {
  const store = yield* EventStore
  const head = yield* store.head()
  if (head.position === 0) return Option.none()
  return yield* store.readAll({ toPosition: Math.min(head.position, 1000), batchSize: 100 }).pipe(
    Stream.filterMap((e) => {
      const zone = (e.data as { timeZone?: unknown } | null)?.timeZone
      return e.type === "ProgramDrafted" && typeof zone === "string" ? Option.some(zone) : Option.none()
    }),
    Stream.runHead
  )
})

/**
 * The language: `--lang`, else `TRAINING_LEDGER_LANG`, else Indonesian for a facility in an
 * Indonesian zone, else English.
 *
 * @since 0.2.0
 * @category facility
 */
export const language = (lang: Option.Option<Lang>, zone: Option.Option<string>): Lang => {
  if (Option.isSome(lang)) return lang.value
  const env = process.env[langVariable]
  if (env === "id" || env === "en") return env
  return Option.match(zone, { onNone: () => "en", onSome: (z) => (isIndonesianZone(z) ? "id" : "en") })
}
