/**
 * Moving a log between stores, row by row as stored: read the rows as they were hashed (for an
 * export bundle), and the raw, trusted load of a whole log into an empty store (same positions,
 * hashes, record times; the head set at the end and the Merkle tree rebuilt, all in one
 * transaction). The load is not an append: nothing is decided, versions are not checked, no
 * time is stamped. Only `audit/Import.ts` calls it, after verifying the bundle the rows come
 * from; a failure at any row leaves the target as empty as it was.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { EventStoreError, LogHead } from "./EventStore.js"

/**
 * One event as stored: data and metadata as canonical JSON text, times as ISO-8601 UTC with
 * milliseconds (exactly what was hashed), no upcaster applied.
 *
 * @since 0.2.0
 * @category models
 */
export interface LogRow {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly dataJson: string
  readonly metadataJson: string
  readonly occurredAt: string
  readonly recordedAt: string
  readonly contentHash: string
  readonly prevHash: string
  readonly hash: string
}

/**
 * What the imported log must come to: its id, its size, the Merkle root and the chain head at
 * that size (from the verified checkpoint). Checked before the transaction commits.
 *
 * @since 0.2.0
 * @category models
 */
export interface ImportTarget {
  readonly logId: string
  readonly size: number
  readonly root: string
  readonly head: LogHead
}

/**
 * The target store already holds events (or a tree): an import never merges.
 *
 * @since 0.2.0
 * @category errors
 */
export class TargetNotEmpty extends Schema.TaggedError<TargetNotEmpty>()("TargetNotEmpty", {
  position: Schema.Number
}) {
  override get message() {
    return `The target store is not empty (its head is at position ${this.position}): import only into a new, empty store`
  }
}

/**
 * The rows do not make the log the checkpoint states (a gap, a count, a root or a head that
 * differs): nothing was written.
 *
 * @since 0.2.0
 * @category errors
 */
export class ImportMismatch extends Schema.TaggedError<ImportMismatch>()("ImportMismatch", {
  position: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `The imported rows do not make the checkpointed log (at position ${this.position}): ${this.reason}; nothing was written`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface LogTransferService {
  /** The rows of positions `from..to` (default: the whole log), in position order, read in pages. */
  readonly rows: (options?: {
    readonly from?: number | undefined
    readonly to?: number | undefined
  }) => Stream.Stream<LogRow, EventStoreError>
  /** One stream's rows, in version order. */
  readonly streamRows: (streamId: string) => Effect.Effect<ReadonlyArray<LogRow>, EventStoreError>
  /** True when the store holds no event (and no tree node). */
  readonly isEmpty: () => Effect.Effect<boolean, EventStoreError>
  /**
   * Loads `rows` (positions 1..size in order) into the empty store in one transaction, keeping
   * the log id, and checks the result against `target` before committing.
   */
  readonly importLog: <E>(
    target: ImportTarget,
    rows: Stream.Stream<LogRow, E>
  ) => Effect.Effect<{ readonly count: number }, E | TargetNotEmpty | ImportMismatch | EventStoreError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class LogTransfer extends Context.Tag("training-ledger/LogTransfer")<LogTransfer, LogTransferService>() {}
