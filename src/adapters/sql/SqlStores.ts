/**
 * Every port on the `SqlClient` in context (SQLite or PostgreSQL), after the migrations: the event
 * log and its audit, the projection store and the participant registry. This is the layer for
 * an application that already has its own `SqlClient`: training-ledger then shares its pool and
 * its transactions (an append inside the application's `sql.withTransaction` joins it).
 *
 * @since 0.2.0
 */
import type * as Migrator from "@effect/sql/Migrator"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Layer from "effect/Layer"
import type { EventStore } from "../../ports/EventStore.js"
import type { LogAudit } from "../../ports/LogAudit.js"
import type { ParticipantRegistry, RegistryError } from "../../ports/ParticipantRegistry.js"
import type * as PrivacyKeys from "../../privacy/PrivacyKeys.js"
import type { LogTransfer } from "../../ports/LogTransfer.js"
import type { ProjectionStore } from "../../ports/ProjectionStore.js"
import * as SqlEventStore from "./SqlEventStore.js"
import * as SqlParticipantRegistry from "./SqlParticipantRegistry.js"
import * as SqlProjectionStore from "./SqlProjectionStore.js"

/**
 * The ports training-ledger provides.
 *
 * @since 0.2.0
 * @category models
 */
export type Stores = EventStore | LogAudit | LogTransfer | ProjectionStore | ParticipantRegistry

/**
 * @since 0.2.0
 * @category models
 */
export interface Options extends SqlEventStore.Options {
  /**
   * The privacy keys (KEK, previous KEKs, blind-index key); from the environment when not given,
   * else none: then personal-data operations fail with `PrivacyKeysNotConfigured` (see
   * `privacy/PrivacyKeys.ts`).
   */
  readonly privacy?: PrivacyKeys.Options | undefined
}

/**
 * What building the ports may fail with: a migration or the database, or the privacy keys (a key
 * that cannot be used, half a configuration, another blind-index key than the store's, a KEK in
 * use that is not configured).
 *
 * @since 0.2.0
 * @category errors
 */
export type LayerError =
  | Migrator.MigrationError
  | SqlError
  | RegistryError
  | PrivacyKeys.LoadError
  | PrivacyKeys.PrivacyKeysNotConfigured
  | PrivacyKeys.BlindIndexKeyMismatch
  | PrivacyKeys.KeyringIncomplete

/**
 * Every port on the `SqlClient` in context; the migrations run first.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Stores, LayerError, SqlClient.SqlClient> =>
  // The event store's layer runs the migrations; the registry checks its keys against its tables
  // when it starts, so it is built after them. The projection store touches its tables when used.
  SqlParticipantRegistry.layer({ privacy: options.privacy, writable: options.migrate ?? true }).pipe(
    Layer.provideMerge(Layer.merge(SqlEventStore.layer(options), SqlProjectionStore.layer))
  )
