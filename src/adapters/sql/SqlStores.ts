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
import type { LogTransfer } from "../../ports/LogTransfer.js"
import type { ParticipantRegistry } from "../../ports/ParticipantRegistry.js"
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
export type Options = SqlEventStore.Options

/**
 * Every port on the `SqlClient` in context; the migrations run first.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<Stores, Migrator.MigrationError | SqlError, SqlClient.SqlClient> =>
  // The event store's layer runs the migrations; the other two touch their tables only when used.
  Layer.mergeAll(SqlEventStore.layer(options), SqlProjectionStore.layer, SqlParticipantRegistry.layer)
