/**
 * Loads a stream's decided state for the Ledger: from its cache when nothing says it is stale,
 * else by reading only the stream's tail after the cached version.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import type { EventCodec, UndecodableEvent } from "../events/EventCodec.js"
import type { EventStoreService, ReadError, StoredEvent } from "../ports/EventStore.js"
import type * as StreamCache from "./StreamCache.js"

/** @internal */
export interface StreamLoader<S, E> {
  readonly cache: StreamCache.StreamCache<S, E>
  /** The stream brought up to date from the store. */
  readonly refresh: (streamId: string) => Effect.Effect<StreamCache.Loaded<S, E>, UndecodableEvent | ReadError>
  /** The cached stream, or refreshed when `fresh` or not cached. */
  readonly load: (
    streamId: string,
    fresh: boolean
  ) => Effect.Effect<StreamCache.Loaded<S, E>, UndecodableEvent | ReadError>
}

/** @internal */
export const make = <S, E extends { readonly _tag: string }>(
  store: EventStoreService,
  cache: StreamCache.StreamCache<S, E>,
  codec: EventCodec<E>
): StreamLoader<S, E> => {
  const decodeAll = (stored: ReadonlyArray<StoredEvent>) =>
    Effect.forEach(stored, (s) => Effect.map(codec.decode(s), (event) => ({ stored: s, event })))
  const refresh = (streamId: string) =>
    Effect.gen(function* () {
      const known = cache.get(streamId)
      const tail = yield* store.readStreamArray(streamId, { fromVersion: known.version + 1 })
      return cache.advance(streamId, known, yield* decodeAll(tail))
    })
  return {
    cache,
    refresh,
    load: (streamId, fresh) => (fresh || !cache.has(streamId) ? refresh(streamId) : Effect.succeed(cache.get(streamId)))
  }
}
