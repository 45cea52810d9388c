/**
 * Reading the whole log fast. `EventStore.readAll` emits each batch it reads as one chunk of its
 * `Stream`; what is slow is running an effect per event (`Stream.runForEach`). These helpers work
 * a page at a time: {@link foldAll} folds the log with a pure step (a read model, a count, a
 * check), {@link readPage} reads one page in one round trip (a worker that keeps its own
 * checkpoint, the Promise API's `events`).
 *
 * ```ts
 * const perType = yield* LogReads.foldAll(store, new Map<string, number>(), (counts, e) =>
 *   counts.set(e.type, (counts.get(e.type) ?? 0) + 1)
 * )
 * ```
 *
 * For an effect per page, use `Stream.runForEachChunk(store.readAll(options), (page) => ...)`.
 *
 * @since 0.2.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { EventStoreService, ReadAllOptions, ReadError, StoredEvent } from "../ports/EventStore.js"

/**
 * The port's default page of a read of the log (`ReadAllOptions.batchSize`).
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultBatchSize = 1000

/**
 * Folds the log (or the range of `options`) in position order with a pure `step`, a page of
 * `batchSize` events at a time: one effect per page, none per event. `step` may update `state` in
 * place and return it (a `Map`, an object of counters), as `Stream.runFold` allows; it must not
 * throw (a throw is a defect). Options are the port's: malformed ones fail with
 * `InvalidReadOptions`.
 *
 * @since 0.2.0
 * @category reading
 */
export const foldAll = <S>(
  store: Pick<EventStoreService, "readAll">,
  initial: S,
  step: (state: S, event: StoredEvent) => S,
  options?: ReadAllOptions
): Effect.Effect<S, ReadError> =>
  Effect.suspend(() => {
    let state = initial
    return Effect.map(
      Stream.runForEachChunk(store.readAll(options), (page) =>
        Effect.sync(() => {
          const events = Chunk.toReadonlyArray(page)
          for (let i = 0; i < events.length; i++) state = step(state, events[i])
        })
      ),
      () => state
    )
  })

/**
 * One page of the log: up to `batchSize` (default 1,000) events from `fromPosition` (default 1),
 * none past `toPosition`, in position order, in one round trip. A page shorter than `batchSize`
 * is the last one; otherwise the next starts at the last event's position + 1.
 *
 * @since 0.2.0
 * @category reading
 */
export const readPage = (
  store: Pick<EventStoreService, "readAll">,
  options?: ReadAllOptions
): Effect.Effect<ReadonlyArray<StoredEvent>, ReadError> => {
  // a malformed batch size is refused by `readAll` itself on the first pull
  const size = options?.batchSize
  const take = typeof size === "number" && Number.isSafeInteger(size) && size >= 1 ? size : defaultBatchSize
  // the stores end a read after a short page and emit a full one whole: taking `take` events is
  // exactly the first page, and the next is never fetched
  return Effect.map(Stream.runCollect(Stream.take(store.readAll(options), take)), Chunk.toReadonlyArray)
}
