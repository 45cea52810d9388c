/**
 * The one wiring preset: every port, and the Ledger on them, from a store URL (`sqlite:<path>`
 * or a file path, `postgres://...`, `memory:`). The Promise API, the command line, the demo and
 * the tests all build their layers here.
 *
 * Drivers are loaded only when their URL is used (`import()`), so a PostgreSQL-only install needs
 * no SQLite driver and the other way round; a missing optional peer is a
 * `MissingPeerDependency` naming the package to install.
 *
 * With `create: false` (the auditors' read-only commands) the store must exist already and be a
 * training-ledger store at the current schema version: a typo in a path is an error, never an
 * empty ledger created on the spot.
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { existsSync, statSync } from "node:fs"
import * as Memory from "../adapters/memory/Memory.js"
import * as Engine from "../engine/Engine.js"
import * as ReadModels from "../engine/ReadModels.js"
import type * as MemoryEventStore from "../adapters/memory/MemoryEventStore.js"
import { migrate as runMigrations, migrations, table as migrationsTable } from "../adapters/sql/Migrations.js"
import type { Stores as StoresType } from "../adapters/sql/SqlStores.js"
import * as Ledger from "../ledger/Ledger.js"
import * as Participants from "../ledger/Participants.js"
import * as VerificationCodes from "../ledger/VerificationCodes.js"
import type { Upcaster } from "../ports/Upcasters.js"
import type * as PrivacyKeys from "../privacy/PrivacyKeys.js"
import * as StoreUrl from "./StoreUrl.js"

export {
  /**
   * @since 0.1.0
   * @category errors
   */
  UnsupportedStoreUrl
} from "./StoreUrl.js"

/**
 * Every port training-ledger provides: the event log and its audit, the projection store, the
 * participant registry.
 *
 * @since 0.1.0
 * @category models
 */
export type Stores = StoresType

/**
 * An optional peer dependency is not installed.
 *
 * @since 0.2.0
 * @category errors
 */
export class MissingPeerDependency extends Schema.TaggedError<MissingPeerDependency>()("MissingPeerDependency", {
  packageName: Schema.String,
  feature: Schema.String
}) {
  override get message() {
    return `${this.feature} needs the package ${this.packageName}, which is not installed: npm install ${this.packageName}`
  }
}

/**
 * A read-only open of a store that does not exist, or is not a training-ledger store.
 *
 * @since 0.2.0
 * @category errors
 */
export class StoreNotFound extends Schema.TaggedError<StoreNotFound>()("StoreNotFound", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `No training-ledger store at ${this.url}: ${this.reason}`
  }
}

/**
 * The database cannot be reached or opened: nothing listens at the address, the database does
 * not exist, the credentials are refused, the file cannot be opened.
 *
 * @since 0.2.0
 * @category errors
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `Cannot open the store at ${this.url}: ${this.reason}`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export type OpenError =
  | StoreUrl.UnsupportedStoreUrl
  | MissingPeerDependency
  | StoreNotFound
  | StoreUnavailable
  | PrivacyError

/**
 * The privacy keys cannot be used with this store: a key that cannot be read or used, half a
 * configuration in the environment, another blind-index key than the store's, a KEK that wraps
 * data keys in the store but is not configured.
 *
 * @since 0.2.0
 * @category errors
 */
export type PrivacyError =
  | PrivacyKeys.LoadError
  | PrivacyKeys.PrivacyKeysNotConfigured
  | PrivacyKeys.BlindIndexKeyMismatch
  | PrivacyKeys.KeyringIncomplete

const privacyErrors: ReadonlySet<string> = new Set([
  "InvalidKeyMaterial",
  "InvalidKeyring",
  "PrivacyKeysNotConfigured",
  "BlindIndexKeyMismatch",
  "KeyringIncomplete"
])

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /**
   * Create the store (and run the migrations) when it is new (default true). With false the
   * store must exist and be at the current schema version; nothing is created or migrated.
   */
  readonly create?: boolean | undefined
  /** SQLite: `FULL` (default) or `NORMAL`. */
  readonly synchronous?: "FULL" | "NORMAL" | undefined
  /** SQLite: milliseconds a writer waits for another process's lock (default 5000). */
  readonly busyTimeout?: number | undefined
  /** PostgreSQL: pool size (default 10). */
  readonly maxConnections?: number | undefined
  readonly upcasters?: ReadonlyArray<Upcaster> | undefined
  /** Memory: the record time (tests). */
  readonly clock?: MemoryEventStore.Options["clock"]
  /**
   * The privacy keys (KEK, previous KEKs, blind-index key). When not given: from the environment
   * (`TRAINING_LEDGER_KEK_FILE`, ... see `privacy/PrivacyKeys.ts`); else, for `memory:`, random
   * keys for the life of the store; else none, and every personal-data operation fails with
   * `PrivacyKeysNotConfigured` (the event log works without keys).
   */
  readonly privacy?: PrivacyKeys.Options | undefined
}

/** A failed `import()` of a driver module: the missing package named, or why it failed. */
const peer = (url: string, packageName: string, feature: string) => (cause: unknown) => {
  const text = String((cause as Error)?.message ?? cause)
  const missing =
    text.includes(packageName) || (packageName === "@effect/sql-sqlite-node" && text.includes("better-sqlite3"))
  return missing
    ? new MissingPeerDependency({ packageName, feature })
    : new StoreUnavailable({ url, reason: `the driver failed to load: ${text}` })
}

/** The `code` of the first error in a chain of causes that has one (driver errors). */
const codeOf = (error: unknown): { code?: string; message: string } => {
  let e: any = error
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if (typeof e.code === "string") return { code: e.code, message: String(e.message ?? e) }
    e = e.cause
  }
  return { message: String((error as any)?.message ?? error) }
}

/** Why a database could not be opened, in words an operator acts on. */
const explain = (error: unknown): string => {
  const { code, message } = codeOf(error)
  switch (code) {
    case "ECONNREFUSED":
      return "the connection was refused: no PostgreSQL server listens at that host and port"
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve"
    case "ETIMEDOUT":
      return "the server did not answer in time"
    case "3D000":
      return `the database does not exist (${message})`
    case "28P01":
    case "28000":
      return `the server refused the credentials (${message})`
    case "SQLITE_CANTOPEN":
      return "the file cannot be opened (check the path and its permissions)"
    case "SQLITE_NOTADB":
      return "the file is not a SQLite database"
    default:
      return message
  }
}

/** Fails with `StoreNotFound` unless the database in context has training-ledger tables. */
const requireLedgerTables = (url: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const exists = yield* sql.onDialectOrElse({
      pg: () => sql<{ t: unknown }>`SELECT to_regclass(${migrationsTable}) AS t`,
      orElse: () =>
        sql<{ t: unknown }>`SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name = ${migrationsTable}`
    })
    if (exists[0]?.t == null) {
      return yield* new StoreNotFound({ url, reason: "the database has no training-ledger tables" })
    }
  })

/**
 * Checks, without writing, that the database in context is a training-ledger store with every
 * migration applied.
 */
const checkExisting = (url: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* requireLedgerTables(url)
    const applied = yield* sql<{ name: string }>`SELECT name FROM ${sql(migrationsTable)}`
    const names = new Set(applied.map((r) => r.name))
    const missing = Object.keys(migrations).filter((key) => !names.has(key.replace(/^\d+_/, "")))
    if (missing.length > 0) {
      return yield* new StoreNotFound({
        url,
        reason: `its schema is older than this version of training-ledger (${missing.join(", ")} not applied): run migrate`
      })
    }
  })

/** Every failure of opening, expected or not, as the reason the store is unavailable. */
const openFailure =
  (shown: string) =>
  (cause: Cause.Cause<unknown>): StoreNotFound | StoreUnavailable | PrivacyError => {
    const error = Cause.squash(cause)
    // the store's own refusals pass through; the privacy keys' too (they say what to configure)
    return error instanceof StoreNotFound || privacyErrors.has((error as { _tag?: string })?._tag ?? "")
      ? (error as StoreNotFound | PrivacyError)
      : new StoreUnavailable({ url: shown, reason: explain(error) })
  }

/** Opens a SQL store: the driver module loaded on demand, the client, then the ports on it. */
const openSql = <M>(
  shown: string,
  create: boolean,
  load: () => Promise<M>,
  packageName: string,
  feature: string,
  build: (module: M) => {
    readonly client: Layer.Layer<SqlClient.SqlClient, unknown>
    readonly stores: Layer.Layer<Stores, unknown, SqlClient.SqlClient>
  }
): Layer.Layer<Stores, OpenError> =>
  Layer.unwrapEffect(
    Effect.map(Effect.tryPromise({ try: load, catch: peer(shown, packageName, feature) }), (module) => {
      const { client, stores } = build(module)
      const checked = create ? client : Layer.provideMerge(Layer.effectDiscard(checkExisting(shown)), client)
      // A driver may also throw (better-sqlite3 on a file that is not a database): every failure
      // of opening, expected or not, becomes the reason the store is unavailable.
      return Layer.provide(stores, checked).pipe(Layer.catchAllCause((cause) => Layer.fail(openFailure(shown)(cause))))
    })
  )

/**
 * Every port for a store URL.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (url: string, options: Options = {}): Layer.Layer<Stores, OpenError> => {
  const parsed = StoreUrl.parse(url)
  if (Either.isLeft(parsed)) return Layer.fail(parsed.left)
  const target = parsed.right
  const shown = StoreUrl.redact(url)
  const create = options.create ?? true
  const storeOptions = { upcasters: options.upcasters, migrate: create, privacy: options.privacy }
  switch (target._tag) {
    case "Memory":
      return Memory.layer({ upcasters: options.upcasters, clock: options.clock, privacy: options.privacy })
    case "Sqlite": {
      if (!create && !existsSync(target.filename)) {
        return Layer.fail(new StoreNotFound({ url: shown, reason: `the file ${target.filename} does not exist` }))
      }
      if (!create && !statSync(target.filename).isFile()) {
        return Layer.fail(new StoreNotFound({ url: shown, reason: `${target.filename} is not a file` }))
      }
      return openSql(
        shown,
        create,
        () => import("../adapters/sql/Sqlite.js"),
        "@effect/sql-sqlite-node",
        "A SQLite store (sqlite:)",
        (Sqlite) => ({
          client: Sqlite.layerClient({
            filename: target.filename,
            synchronous: options.synchronous,
            busyTimeout: options.busyTimeout
          }),
          stores: Sqlite.layerWithClient(storeOptions)
        })
      )
    }
    case "Postgres":
      return openSql(
        shown,
        create,
        () => import("../adapters/sql/Postgres.js"),
        "@effect/sql-pg",
        "A PostgreSQL store (postgres://)",
        (Postgres) => ({
          client: Postgres.layerClient({ url: target.url, maxConnections: options.maxConnections }),
          stores: Postgres.layerWithClient(storeOptions)
        })
      )
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface LedgerOptions extends Options, Omit<Ledger.Options, "inline"> {
  /**
   * The read models: which are inline, custom reports, whether this process runs the async
   * worker (default: the built-in read models, `Catalog.inlineByDefault` inline, no worker).
   */
  readonly readModels?: Engine.Options | undefined
}

/**
 * The Ledger and the participants service (both authorising with `options.policy`, default
 * `Policy.defaultPolicy`) on the stores of a URL, with the stores themselves, random
 * verification codes, the projection engine and the read-model queries.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerLedger = (
  url: string,
  options: LedgerOptions = {}
): Layer.Layer<
  | Ledger.Ledger
  | Participants.Participants
  | Stores
  | VerificationCodes.VerificationCodes
  | Engine.ProjectionEngine
  | ReadModels.ReadModels,
  OpenError | Engine.EngineError
> => {
  const stores = Layer.merge(layer(url, options), VerificationCodes.layer)
  const engine = Engine.layer(options.readModels)
  const ledger = Layer.merge(
    Ledger.layer({ ...options, inline: Engine.inlineOf(options.readModels) }),
    Participants.layer(options.policy !== undefined ? { policy: options.policy } : {})
  )
  // the Ledger first: it makes the inline tables current before the engine and the queries start
  return Layer.provideMerge(Layer.provideMerge(ReadModels.layer, engine), Layer.provideMerge(ledger, stores))
}

/**
 * Runs the pending migrations on an existing store and returns their names (empty when it was
 * current). The store must exist and hold training-ledger tables: a new store is `layer(url)`'s
 * (or the command line's `init`) to create.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrate = (url: string, options: Options = {}): Effect.Effect<ReadonlyArray<string>, OpenError> => {
  const parsed = StoreUrl.parse(url)
  if (Either.isLeft(parsed)) return Effect.fail(parsed.left)
  const target = parsed.right
  const shown = StoreUrl.redact(url)
  const run = Effect.zipRight(requireLedgerTables(shown), runMigrations()).pipe(
    Effect.map((applied) => applied.map(([id, name]) => `${String(id).padStart(4, "0")}_${name}`))
  )
  const onClient = (client: Layer.Layer<SqlClient.SqlClient, unknown>) =>
    Effect.provide(run, client).pipe(Effect.catchAllCause((cause) => Effect.fail(openFailure(shown)(cause))))
  switch (target._tag) {
    case "Memory":
      return Effect.succeed([])
    case "Sqlite": {
      if (!existsSync(target.filename)) {
        return Effect.fail(new StoreNotFound({ url: shown, reason: `the file ${target.filename} does not exist` }))
      }
      return Effect.flatMap(
        Effect.tryPromise({
          try: () => import("../adapters/sql/Sqlite.js"),
          catch: peer(shown, "@effect/sql-sqlite-node", "A SQLite store (sqlite:)")
        }),
        (Sqlite) =>
          onClient(
            Sqlite.layerClient({
              filename: target.filename,
              synchronous: options.synchronous,
              busyTimeout: options.busyTimeout
            })
          )
      )
    }
    case "Postgres":
      return Effect.flatMap(
        Effect.tryPromise({
          try: () => import("../adapters/sql/Postgres.js"),
          catch: peer(shown, "@effect/sql-pg", "A PostgreSQL store (postgres://)")
        }),
        (Postgres) => onClient(Postgres.layerClient({ url: target.url, maxConnections: 1 }))
      )
  }
}
