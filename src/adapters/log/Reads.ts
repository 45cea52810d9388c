/**
 * Reading helpers shared by the memory and SQL stores: upcasting a stored row, keyset pages as a
 * `Stream`, and one error type for every failure of a method.
 *
 * @since 0.1.0
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { EventStoreError, type StoredEvent } from "../../ports/EventStore.js"
import { InvalidProofRequest } from "../../ports/LogAudit.js"
import type { Upcasters } from "../../ports/Upcasters.js"
import type { RawEvent } from "./Verifier.js"

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

/**
 * {@link wrap} for the audit port's proof methods: a refused request stays an
 * `InvalidProofRequest`; any other failure or defect (a tree node missing from storage) becomes
 * an `EventStoreError` naming `method`.
 *
 * @internal
 */
export const wrapProof =
  (method: string) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, EventStoreError | InvalidProofRequest, R> =>
    Effect.catchAllDefect(
      Effect.mapError(self, (cause) =>
        cause instanceof EventStoreError || cause instanceof InvalidProofRequest
          ? cause
          : new EventStoreError({ method, cause })
      ),
      (cause) => Effect.fail(new EventStoreError({ method, cause }))
    )
