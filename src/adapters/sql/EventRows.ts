/**
 * The `events` table's rows, both ways: the row to insert for a planned event, the stored form
 * (`log/Rows.StoredRow`, which `verify()` decodes with the envelope Schema) from a row of
 * `Dialect.storedColumns`, and the fast decoding of reads.
 *
 * Reads fetch positional rows (`.values`: cheaper for the driver than objects) in the order of
 * {@link readColumns}; the indexes below are derived from that one list.
 *
 * @since 0.2.0
 * @internal
 */
import type { StoredEvent } from "../../ports/EventStore.js"
import type { Upcasters } from "../../ports/Upcasters.js"
import type { PlannedRow, StoredSummary } from "../log/AppendPlan.js"
import * as Hashing from "../../ports/Hashing.js"
import type { StoredRow } from "../log/Rows.js"
import type { Dialect } from "./Dialect.js"

/** The columns of a read, in order (the dialect spells the time columns). @internal */
export const readColumns = [
  "position",
  "stream_id",
  "version",
  "event_id",
  "type",
  "schema_version",
  "data",
  "metadata",
  "occurred_at",
  "recorded_at",
  "prev_hash",
  "hash"
] as const

/** The select list of a read. @internal */
export const selectList = (dialect: Dialect): string =>
  readColumns
    .map((column) => (column === "occurred_at" || column === "recorded_at" ? dialect.readTime(column) : column))
    .join(", ")

const at = Object.fromEntries(readColumns.map((name, i) => [name, i])) as {
  readonly [K in (typeof readColumns)[number]]: number
}

/** Index of the position column in a read row (the key of `readAll` pages). @internal */
export const positionIndex = at.position
/** Index of the version column in a read row (the key of `readStream` pages). @internal */
export const versionIndex = at.version

/** Decodes positional read rows to envelopes, upcast. @internal */
export const decodeRead =
  (dialect: Dialect, upcasters: Upcasters) =>
  (r: ReadonlyArray<unknown>): StoredEvent => {
    const type = r[at.type] as string
    const lifted = upcasters.apply(type, Number(r[at.schema_version]), dialect.decodeJson(r[at.data]))
    return {
      position: Number(r[at.position]),
      streamId: r[at.stream_id] as string,
      version: Number(r[at.version]),
      eventId: r[at.event_id] as string,
      type,
      schemaVersion: lifted.schemaVersion,
      data: lifted.data,
      metadata: dialect.decodeJson(r[at.metadata]) as StoredEvent["metadata"],
      occurredAt: dialect.decodeTime(r[at.occurred_at]),
      recordedAt: dialect.decodeTime(r[at.recorded_at]),
      prevHash: r[at.prev_hash] as string,
      hash: r[at.hash] as string
    }
  }

/** A row of `Dialect.storedColumns` as the stored form. @internal */
export interface StoredColumns {
  readonly position: unknown
  readonly stream_id: string
  readonly version: unknown
  readonly event_id: string
  readonly type: string
  readonly schema_version: unknown
  readonly data: string
  readonly metadata: string
  readonly occurred_at: string
  readonly recorded_at: string
  readonly content_hash: string
  readonly prev_hash: string
  readonly hash: string
}

/** @internal */
export const toStoredRow = (r: StoredColumns): StoredRow => ({
  position: Number(r.position),
  streamId: r.stream_id,
  version: Number(r.version),
  eventId: r.event_id,
  type: r.type,
  schemaVersion: Number(r.schema_version),
  dataJson: r.data,
  metadataJson: r.metadata,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  contentHash: r.content_hash,
  prevHash: r.prev_hash,
  hash: r.hash
})

/** The row to insert for a planned event. @internal */
export const toInsert = (row: PlannedRow) => ({
  position: row.position,
  stream_id: row.streamId,
  version: row.version,
  event_id: row.eventId,
  type: row.type,
  schema_version: row.schemaVersion,
  data: row.dataJson,
  metadata: row.metadataJson,
  occurred_at: row.occurredAt,
  recorded_at: row.recordedAt,
  content_hash: row.contentHash,
  prev_hash: row.prevHash,
  hash: row.hash
})

/**
 * The columns of a stored event the idempotency check reads (besides its data), as a driver
 * returns them.
 *
 * @internal
 */
export interface StoredSummaryRow {
  readonly event_id: string
  readonly stream_id: string
  readonly version: unknown
  readonly position: unknown
  readonly type: string
  readonly schema_version: unknown
}

/**
 * A stored event's row as the idempotency check compares it (`AppendPlan.StoredSummary`), its
 * data given as a JS value (decoded by the caller's dialect).
 *
 * @internal
 */
export const toStoredSummary = (row: StoredSummaryRow, data: unknown): StoredSummary => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  version: Number(row.version),
  position: Number(row.position),
  type: row.type,
  schemaVersion: Number(row.schema_version),
  dataJson: Hashing.canonicalJson(data)
})
