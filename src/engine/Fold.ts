/**
 * Folding stored events into projections' partition states, the step every mode of the engine
 * shares (inline, async worker, rebuild, as-of replay). The log is the truth and states are a
 * cache of it: a partition's state the engine does not hold (a restart, an eviction, a stream
 * another process appended to) is rebuilt by folding the partition's events from the log.
 *
 * For stream partitions the cache checks itself: an entry records the stream version it has
 * folded, and is used for the event at version `v` only if it has folded exactly `v - 1`;
 * otherwise it is rebuilt from the stream. So a state never misses an event nor takes one twice,
 * whatever another process appended meanwhile.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as EventCodec from "../events/EventCodec.js"
import { EventStore, type EventStoreService, type ReadError, type StoredEvent } from "../ports/EventStore.js"
import type * as Batch from "../projections/Batch.js"
import * as Projection from "../projections/Projection.js"

/** A partition's state and the stream version (or log position) it has folded. @internal */
export interface Entry {
  state: unknown
  version: number
}

/**
 * A projection's partition states, evicted oldest first beyond a size (touched partitions are
 * moved to the young end after each batch).
 *
 * @internal
 */
export class Cache {
  readonly entries = new Map<string, Entry>()
  constructor(readonly capacity: number) {}
  get(partition: string): Entry | undefined {
    return this.entries.get(partition)
  }
  set(partition: string, entry: Entry): void {
    this.entries.set(partition, entry)
  }
  delete(partition: string): void {
    this.entries.delete(partition)
  }
  clear(): void {
    this.entries.clear()
  }
  /** Marks partitions as recently used, then evicts the oldest beyond the capacity. */
  touch(partitions: Iterable<string>): void {
    for (const p of partitions) {
      const e = this.entries.get(p)
      if (e !== undefined) {
        this.entries.delete(p)
        this.entries.set(p, e)
      }
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break
      this.entries.delete(key)
    }
  }
}

/** A projection with its cache. @internal */
export interface Member {
  readonly projection: Projection.Any<any>
  readonly cache: Cache
}

/** @internal */
export const member = (projection: Projection.Any<any>, capacity = 2_000): Member => ({
  projection,
  cache: new Cache(capacity)
})

/** @internal */
export type FoldError = EventCodec.UndecodableEvent | ReadError

/** The event as a projection reads it (see `Projection.handles`). */
const decodeFor = (projection: Projection.Any<any>, stored: StoredEvent) => {
  const decoded = EventCodec.decodeUnchecked(stored)
  return projection.handles === "all" && Either.isLeft(decoded)
    ? Either.right(Projection.projected(stored, stored.data) as Projection.ProjectedEvent<unknown>)
    : decoded
}

/**
 * The state of `partition` with every event of it folded up to stream version `version` (Stream
 * source) or log position `version` (Log source).
 *
 * @internal
 */
export const load = (
  store: EventStoreService,
  projection: Projection.Any<any>,
  partition: string,
  version: number
): Effect.Effect<Entry, FoldError> =>
  Effect.gen(function* () {
    const source = projection.source
    let state = projection.initialState(partition)
    if (source._tag === "None" || version < 1) return { state, version }
    const events =
      source._tag === "Stream"
        ? yield* store.readStreamArray(source.streamId(partition), { toVersion: version })
        : yield* Stream.runCollect(store.readAll({ toPosition: version }))
    for (const stored of events) {
      if (!Projection.handles(projection, stored.type)) continue
      const e = yield* decodeFor(projection, stored)
      if (source._tag === "Log" && projection.partition(e) !== partition) continue
      state = projection.evolve(state, e, Projection.ignore)
    }
    return { state, version }
  })

/**
 * Folds `events` (in log order) into each member whose position is before them, loading the
 * partition states it lacks; the rows they touched are gathered in `batch`. `after(member)` is
 * the last position a member has applied.
 *
 * @internal
 */
export const apply = <M extends Member>(
  store: EventStoreService,
  members: ReadonlyArray<M>,
  after: (member: M) => number,
  events: Iterable<StoredEvent>,
  batch: Batch.Batch
): Effect.Effect<void, FoldError> =>
  Effect.suspend(() => {
    // A synchronous loop over events and members (an effect per event would cost more than the
    // fold itself); it leaves the loop only to load a state it lacks, then resumes where it was.
    const list = Array.isArray(events) ? (events as ReadonlyArray<StoredEvent>) : Array.from(events)
    const positions = members.map(after)
    const handled = members.map(({ projection }) =>
      projection.handles === "all" ? undefined : new Set<string>(projection.handles)
    )
    let i = 0
    let m = 0
    let decoded: Projection.ProjectedEvent<unknown> | undefined
    let failure: EventCodec.UndecodableEvent | undefined
    // the partition of the event's stream, computed once per event per partitioning function
    let partitionOf: ((streamId: string) => string | undefined) | undefined
    let streamPartition: string | undefined
    // the Emit of each member's last partition (a batch often stays on one program)
    const emits: Array<{ partition: string; emit: Projection.Emit } | undefined> = members.map(() => undefined)
    const emitFor = (m: number, projection: Projection.Any<any>, partition: string): Projection.Emit => {
      const last = emits[m]
      if (last !== undefined && last.partition === partition) return last.emit
      const emit = batch.emit(projection, partition)
      emits[m] = { partition, emit }
      return emit
    }
    const loop = (): Effect.Effect<void, FoldError> => {
      for (; i < list.length; i++, m = 0, decoded = undefined, failure = undefined, partitionOf = undefined) {
        const stored = list[i]!
        for (; m < members.length; m++) {
          if (stored.position <= positions[m]!) continue
          const { cache, projection } = members[m]!
          const source = projection.source
          const types = handled[m]
          const handles = types === undefined || types.has(stored.type)
          let partition: string | undefined
          let entry: Entry | undefined
          if (source._tag === "Stream") {
            if (partitionOf !== source.partition) {
              partitionOf = source.partition
              streamPartition = partitionOf(stored.streamId)
            }
            partition = streamPartition
            if (partition === undefined) continue
            entry = cache.get(partition)
            if (!handles) {
              // keep the entry's version in step with its stream, or let it be rebuilt when needed
              if (entry !== undefined && entry.version === stored.version - 1) entry.version = stored.version
              else if (entry !== undefined) cache.delete(partition)
              continue
            }
            if (entry === undefined || entry.version !== stored.version - 1) {
              const p = partition
              return Effect.flatMap(load(store, projection, p, stored.version - 1), (loaded) => {
                cache.set(p, loaded)
                return loop()
              })
            }
          } else if (!handles) continue
          // decoded once per event; readers of every event get the stored data when it is no ledger event
          if (decoded === undefined && failure === undefined) {
            const result = EventCodec.decodeUnchecked(stored)
            if (Either.isLeft(result)) failure = result.left
            else decoded = result.right as Projection.ProjectedEvent<unknown>
          }
          let e: Projection.ProjectedEvent<unknown>
          if (decoded !== undefined) e = decoded
          else if (types === undefined) e = decoded = Projection.projected(stored, stored.data)
          else return Effect.fail(failure!)
          if (source._tag !== "Stream") {
            partition = projection.partition(e)
            if (partition === undefined) continue
            entry = cache.get(partition)
            if (entry === undefined) {
              if (source._tag === "Log") {
                const p = partition
                return Effect.flatMap(load(store, projection, p, stored.position - 1), (loaded) => {
                  cache.set(p, loaded)
                  return loop()
                })
              }
              cache.set(partition, (entry = { state: projection.initialState(partition), version: 0 }))
            }
          }
          entry!.state = projection.evolve(entry!.state, e, emitFor(m, projection, partition!))
          entry!.version = source._tag === "Stream" ? stored.version : stored.position
        }
      }
      return Effect.void
    }
    return loop()
  })

/**
 * The state of a partition for `Batch.changes`.
 *
 * @internal
 */
export const stateOf =
  (members: ReadonlyArray<Member>) =>
  (name: string, partition: string): unknown => {
    const m = members.find((x) => x.projection.name === name)
    return m?.cache.get(partition)?.state
  }

/** After a committed batch: touched partitions become the youngest, the oldest are evicted. @internal */
export const settle = (members: ReadonlyArray<Member>, batch: Batch.Batch): void => {
  for (const m of members) m.cache.touch(batch.partitions(m.projection.name))
}

/** Reads a range of the log as an array. @internal */
export const readRange = (
  from: number,
  to: number | undefined,
  batchSize = 1000
): Effect.Effect<ReadonlyArray<StoredEvent>, ReadError, EventStore> =>
  Effect.flatMap(EventStore, (store) =>
    Effect.map(
      Stream.runCollect(
        store.readAll({
          fromPosition: from,
          ...(to === undefined ? {} : { toPosition: to }),
          batchSize: Math.min(10_000, Math.max(1, batchSize))
        })
      ),
      (chunk) => Array.from(chunk)
    )
  )
