/**
 * Picks the store from a URL, for the Promise API, the demo and the command line:
 * `sqlite:<path>` (the default, a file), `postgres://...` (or `postgresql://`), or `memory:`.
 * Migrations run when the layer is built.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { type EventStore, EventStoreError } from "./EventStore.js"
import * as MemoryEventStore from "./memory/MemoryEventStore.js"
import * as MemoryParticipantRegistry from "./memory/MemoryParticipantRegistry.js"
import type { ParticipantRegistry } from "./ParticipantRegistry.js"
import { participantRegistryMigration } from "./sql/ParticipantRegistryMigration.js"
import * as Postgres from "./sql/Postgres.js"
import * as SqlParticipantRegistry from "./sql/SqlParticipantRegistry.js"
import * as Sqlite from "./sql/Sqlite.js"

/**
 * The migrations the Ledger adds to the event log's.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations = { "0002_participant_registry": participantRegistryMigration }

/**
 * A URL that names no store training-ledger knows.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnsupportedStoreUrl extends Schema.TaggedError<UnsupportedStoreUrl>()("UnsupportedStoreUrl", {
  url: Schema.String
}) {
  override get message() {
    return `Store URL "${this.url}" is not supported: use sqlite:<path>, postgres://user@host:port/database or memory:`
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export type Stores = EventStore | ParticipantRegistry

/**
 * The store layer for a URL.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromUrl = (url: string): Layer.Layer<Stores, UnsupportedStoreUrl | EventStoreError> => {
  if (url === "memory:" || url === "memory") {
    return Layer.merge(MemoryEventStore.layer(), MemoryParticipantRegistry.layer)
  }
  const sql = url.startsWith("sqlite:")
    ? Sqlite.layer({ filename: url.slice("sqlite:".length), migrations })
    : url.startsWith("postgres://") || url.startsWith("postgresql://")
      ? Postgres.layer({ url, migrations })
      : undefined
  if (sql === undefined) return Layer.fail(new UnsupportedStoreUrl({ url }))
  return Layer.provideMerge(SqlParticipantRegistry.layer, sql).pipe(
    Layer.mapError((cause) => new EventStoreError({ method: "open", cause }))
  )
}
