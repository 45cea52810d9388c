/**
 * Stored rows to envelopes, keyset pagination and the chain walk of `verify()`, shared by the
 * memory and SQL stores.
 *
 * @since 0.1.0
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { EventStoreError, GenesisHash, type LogHead, type StoredEvent } from "../EventStore.js"
import type { VerifyReport } from "../EventStore.js"
import * as Hashing from "../Hashing.js"
import type { Upcasters } from "../Upcasters.js"

/** A stored row as the log keeps it (data and metadata decoded from JSON, not upcast). @internal */
export interface RawEvent extends StoredEvent {
  readonly contentHash: string
}

/** @internal */
export const upcast = (row: RawEvent, upcasters: Upcasters): StoredEvent => {
  const lifted = upcasters.apply(row.type, row.schemaVersion, row.data)
  return {
    position: row.position,
    streamId: row.streamId,
    version: row.version,
    eventId: row.eventId,
    type: row.type,
    schemaVersion: lifted.schemaVersion,
    data: lifted.data,
    metadata: row.metadata,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    prevHash: row.prevHash,
    hash: row.hash
  }
}

/**
 * A stream read in pages: `fetch(after)` returns up to `size` rows whose key is greater than
 * `after`; the stream ends on a short page.
 *
 * @internal
 */
export const pages = <A, E>(
  start: number,
  size: number,
  key: (a: A) => number,
  fetch: (after: number, size: number) => Effect.Effect<ReadonlyArray<A>, E>
): Stream.Stream<A, E> =>
  Stream.paginateChunkEffect(Option.some(start) as Option.Option<number>, (after) =>
    Option.match(after, {
      onNone: () => Effect.succeed([Chunk.empty<A>(), Option.none<Option.Option<number>>()] as const),
      onSome: (after) =>
        Effect.map(fetch(after, size), (rows) => {
          const chunk = Chunk.unsafeFromArray(rows as Array<A>)
          const next =
            rows.length < size
              ? Option.none<Option.Option<number>>()
              : Option.some(Option.some(key(rows[rows.length - 1])))
          return [chunk, next] as const
        })
    })
  )

/** Maps any failure of `self` to an `EventStoreError` naming `method`. @internal */
export const wrap =
  (method: string) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, EventStoreError, R> =>
    Effect.catchAllDefect(
      Effect.mapError(self, (cause) =>
        cause instanceof EventStoreError ? cause : new EventStoreError({ method, cause })
      ),
      (cause) => Effect.fail(new EventStoreError({ method, cause }))
    )

/** The `verify()` walk, fed rows in position order. @internal */
export interface Verifier {
  /** Returns the report when the chain breaks at this row. */
  readonly step: (row: RawEvent) => VerifyReport | undefined
  readonly finish: (head: LogHead) => VerifyReport
}

/** @internal */
export const makeVerifier = (): Verifier => {
  let last: LogHead = { position: 0, hash: GenesisHash }
  let checked = 0
  const versions = new Map<string, number>()
  const broken = (position: number, reason: string): VerifyReport => ({ _tag: "Broken", position, reason, checked })
  return {
    step: (row) => {
      const expected = last.position + 1
      if (row.position !== expected) {
        return broken(expected, `position ${expected} is missing (the next row is at ${row.position})`)
      }
      if (row.prevHash !== last.hash) {
        return broken(row.position, "prev_hash does not match the hash of the previous event")
      }
      let content: string
      try {
        content = Hashing.contentHash(row)
      } catch (error) {
        return broken(row.position, `the row cannot be encoded: ${String(error)}`)
      }
      if (content !== row.contentHash) {
        return broken(row.position, "the content does not match its content hash (the row was changed)")
      }
      if (Hashing.link(row.prevHash, content) !== row.hash) {
        return broken(row.position, "the hash does not match sha256(prev_hash || content_hash)")
      }
      const previous = versions.get(row.streamId) ?? 0
      if (row.version !== previous + 1) {
        return broken(row.position, `stream ${row.streamId} jumps from version ${previous} to ${row.version}`)
      }
      versions.set(row.streamId, row.version)
      last = { position: row.position, hash: row.hash }
      checked += 1
      return undefined
    },
    finish: (head) => {
      if (head.position > last.position) {
        return broken(last.position + 1, `the head is at ${head.position} but the last event is at ${last.position}`)
      }
      if (head.position < last.position) {
        return broken(head.position + 1, `an event at ${head.position + 1} lies beyond the head`)
      }
      if (head.hash !== last.hash) {
        return broken(head.position, "the head's hash does not match the last event's hash")
      }
      return { _tag: "Intact", head, checked }
    }
  }
}
