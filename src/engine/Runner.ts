/**
 * Moving projections along the log: a step (read a batch from the checkpoints, fold, commit the
 * rows and move the checkpoints by compare-and-set, in one transaction), a catch-up (steps until
 * the head), and a rebuild (from position 0 into twin tables, then the final catch-up and the swap
 * in one transaction that holds the log's write lock).
 *
 * Exactly once: a step writes its rows only if every checkpoint it moves is still where the step
 * read it. When another worker moved one first (`CheckpointConflict`), nothing of the step is
 * written; the runner reloads the checkpoints and goes on from there. A crash between steps loses
 * nothing either: the rows and the checkpoint of a step commit together.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { EventStore, type EventStoreError, type StoredEvent } from "../ports/EventStore.js"
import {
  type Checkpoint,
  CheckpointConflict,
  type CheckpointMove,
  ProjectionStore,
  type ProjectionStoreError,
  shadowName,
  type Table
} from "../ports/ProjectionStore.js"
import * as Batch from "../projections/Batch.js"
import * as Fold from "./Fold.js"

/** @internal */
export type RunError = Fold.FoldError | ProjectionStoreError | EventStoreError

/** A projection's live checkpoint: where its tables stand. @internal */
export interface Tracked extends Fold.Member {
  checkpoint: Option.Option<Checkpoint>
}

/** @internal */
export const track = (member: Fold.Member): Tracked => ({ ...member, checkpoint: Option.none() })

/**
 * A member's checkpoint at `position`.
 *
 * @internal
 */
export const checkpointAt = (m: Tracked, position: number) => ({
  projection: m.projection.name,
  version: m.projection.version,
  position
})

const positionOf = (t: Tracked) => Option.match(t.checkpoint, { onNone: () => 0, onSome: (c) => c.position })

/** True when the projection's tables are the current version's. @internal */
export const isCurrent = (t: Tracked): boolean =>
  Option.match(t.checkpoint, { onNone: () => false, onSome: (c) => c.version === t.projection.version })

/**
 * True when the tables are of another version: they are rebuilt into twins and swapped. A read
 * model never built (no checkpoint) is filled in place from position 0: there is no old version
 * for readers to keep.
 *
 * @internal
 */
export const needsRebuild = (t: Tracked): boolean =>
  Option.match(t.checkpoint, { onNone: () => false, onSome: (c) => c.version !== t.projection.version })

/** Reads the checkpoints again; states that a stream version cannot check are dropped. @internal */
export const reload = (members: ReadonlyArray<Tracked>): Effect.Effect<void, ProjectionStoreError, ProjectionStore> =>
  Effect.flatMap(ProjectionStore, (store) =>
    Effect.forEach(
      members,
      (m) =>
        Effect.map(store.checkpoint(m.projection.name), (checkpoint) => {
          m.checkpoint = checkpoint
          if (m.projection.source._tag !== "Stream") m.cache.clear()
        }),
      { discard: true }
    )
  )

/**
 * One step for `members` (current ones, checkpoints loaded): at most `batchSize` events after
 * the lowest checkpoint, up to `until`. Answers how many events it read (0: nothing to do).
 * `tableName` sends rows to other tables (a rebuild's twins), `checkpointName` moves another
 * checkpoint (the twins').
 *
 * @internal
 */
export const step = (
  members: ReadonlyArray<Tracked>,
  options: {
    readonly batchSize: number
    readonly until?: number | undefined
    readonly tableName?: (projection: string, table: string) => string
    readonly checkpointName?: (projection: string) => string
  }
): Effect.Effect<number, RunError | CheckpointConflict, EventStore | ProjectionStore> =>
  Effect.gen(function* () {
    if (members.length === 0) return 0
    const events = yield* EventStore
    const store = yield* ProjectionStore
    const name = options.checkpointName ?? ((p: string) => p)
    // a read model never run gets its checkpoint at 0 (its tables are empty and current)
    const fresh = members.filter((m) => Option.isNone(m.checkpoint))
    if (fresh.length > 0) {
      yield* store.commit(
        [],
        fresh.map((m) => ({
          expected: Option.none(),
          next: { projection: name(m.projection.name), version: m.projection.version, position: 0 }
        }))
      )
      for (const m of fresh) m.checkpoint = Option.some(checkpointAt(m, 0))
    }
    const from = Math.min(...members.map(positionOf)) + 1
    const until = options.until ?? (yield* events.head()).position
    if (from > until) return 0
    const to = Math.min(until, from + options.batchSize - 1)
    const stored: ReadonlyArray<StoredEvent> = yield* Fold.readRange(from, to, options.batchSize)
    if (stored.length === 0) return 0
    const last = stored[stored.length - 1]!.position
    const batch = Batch.make()
    yield* Fold.apply(events, members, positionOf, stored, batch)
    const changes = batch.changes(Fold.stateOf(members), options.tableName)
    const moves: Array<CheckpointMove> = members
      .filter((m) => positionOf(m) < last)
      .map((m) => ({
        expected: Option.map(m.checkpoint, (c) => ({ ...c, projection: name(m.projection.name) })),
        next: { projection: name(m.projection.name), version: m.projection.version, position: last }
      }))
    yield* store.commit(changes, moves)
    for (const m of members) if (positionOf(m) < last) m.checkpoint = Option.some(checkpointAt(m, last))
    Fold.settle(members, batch)
    return stored.length
  })

/**
 * Steps until every member reached `until` (default: the head when called). A conflict reloads
 * the checkpoints and goes on.
 *
 * @internal
 */
export const catchUp = (
  members: ReadonlyArray<Tracked>,
  options: { readonly batchSize: number; readonly until?: number | undefined }
): Effect.Effect<void, RunError, EventStore | ProjectionStore> =>
  Effect.gen(function* () {
    const until = options.until ?? (yield* (yield* EventStore).head()).position
    for (;;) {
      const read = yield* step(members, { batchSize: options.batchSize, until }).pipe(
        Effect.catchTag("CheckpointConflict", () => Effect.as(reload(members), -1))
      )
      if (read === 0) return
    }
  })

const twins = (tables: ReadonlyArray<Table>) => tables.map((t) => ({ ...t, name: shadowName(t.name) }))

/**
 * Rebuilds a projection from position 0 while appends go on: into its twin tables (resuming a
 * rebuild of the same version left by a crash), then, in one transaction that holds the log's
 * write lock, the last events up to the head, and the swap. Readers see the old tables until
 * then, the new ones after. The caller owns the projection (no other worker runs it).
 *
 * @internal
 */
export const rebuild = (
  member: Tracked,
  options: { readonly batchSize: number; readonly lockedTail?: number }
): Effect.Effect<void, RunError, EventStore | ProjectionStore> =>
  Effect.gen(function* () {
    const store = yield* ProjectionStore
    const events = yield* EventStore
    const { projection } = member
    const shadow = twins(projection.tables)
    const checkpointName = () => shadowName(projection.name)
    const tableName = (_: string, table: string) => shadowName(table)
    // the twins' progress: resumed when it is of this version, else started again from nothing
    const existing = yield* store.checkpoint(shadowName(projection.name))
    const resumable = Option.isSome(existing) && existing.value.version === projection.version
    if (!resumable) {
      yield* store.dropTables(shadow.map((t) => t.name))
      if (Option.isSome(existing))
        yield* store.commit([], {
          expected: existing,
          next: { projection: shadowName(projection.name), version: projection.version, position: 0 }
        })
    }
    yield* store.ensureTables(shadow)
    const building: Tracked = {
      projection,
      cache: new Fold.Cache(member.cache.capacity),
      checkpoint: resumable
        ? Option.map(existing, (c) => ({ ...c, projection: projection.name }))
        : Option.isSome(existing)
          ? Option.some({ projection: projection.name, version: projection.version, position: 0 })
          : Option.none()
    }
    const shadowStep = (until: number | undefined) =>
      step([building], { batchSize: options.batchSize, until, tableName, checkpointName })
    // outside the lock, until the tail is short
    const lockedTail = options.lockedTail ?? options.batchSize
    for (;;) {
      const head = (yield* events.head()).position
      if (head - positionOf(building) <= lockedTail) break
      yield* shadowStep(head)
    }
    // the tail and the swap, with no append in between
    yield* store.transaction(
      Effect.gen(function* () {
        const head = (yield* events.head()).position
        while ((yield* shadowStep(head)) > 0) {
          /* until the head */
        }
        yield* store.swap(projection.tables, {
          projection: projection.name,
          version: projection.version,
          position: head
        })
        member.checkpoint = Option.some({ projection: projection.name, version: projection.version, position: head })
      }),
      { lockLog: true }
    )
    // the states built are the live ones now
    member.cache.clear()
    for (const [k, v] of building.cache.entries) member.cache.set(k, v)
  }).pipe(Effect.catchTag("CheckpointConflict", (e) => Effect.die(e)))
