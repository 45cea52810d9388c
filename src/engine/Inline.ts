/**
 * Inline read models: committed in the append's own transaction, so `Ledger.execute` returns
 * only after they are updated, and a reader never sees the log ahead of them.
 *
 * The append and the rows share one transaction of the store's database
 * (`ProjectionStore.transaction`): the events are appended, read back (with their record time
 * and hashes), folded, and the rows written with the checkpoints moved from the position just
 * before the append to its last one. On PostgreSQL the append holds the log head's lock until
 * the transaction commits, so inline commits follow the log's order. When a checkpoint is not
 * where it should be (events appended by a writer without inline read models), the missing
 * events are folded in the same transaction first: the tables never skip an event.
 *
 * When other processes appended since this one's last append, their inline writers moved the
 * checkpoints in the transactions that held the log, so the checkpoints now stand just before
 * this append: that is assumed without reading them (or the events between), and the commit's
 * compare-and-set proves it. Those reads, made while the append holds the log, were what a fleet
 * of writers queued behind (bench W9). A writer without these read models breaks the assumption:
 * the commit fails, the append is made again with the checkpoints read, and they are read on every
 * append until a read finds them where they would have been assumed.
 *
 * Inline read models need states the engine can rebuild from a stream (or none): a program's
 * read models are.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import {
  type AppendError,
  type AppendRequest,
  type AppendResult,
  EventStore,
  type EventStoreService
} from "../ports/EventStore.js"
import {
  CheckpointConflict,
  type CheckpointMove,
  ProjectionStore,
  type ProjectionStoreService
} from "../ports/ProjectionStore.js"
import * as Batch from "../projections/Batch.js"
import * as Projection from "../projections/Projection.js"
import * as Fold from "./Fold.js"
import * as Runner from "./Runner.js"
import * as Wakeup from "./Wakeup.js"

/**
 * @internal
 */
export interface Inline {
  readonly projections: ReadonlyArray<Projection.Any<any>>
  readonly append: (
    requests: ReadonlyArray<AppendRequest>
  ) => Effect.Effect<ReadonlyArray<AppendResult>, AppendError | Runner.RunError | CheckpointConflict>
  /**
   * Makes the tables current before the first append: created when new, rebuilt when their
   * version changed, caught up when writers without them appended.
   */
  readonly start: Effect.Effect<void, Runner.RunError>
}

/**
 * @internal
 */
export const make = (
  projections: ReadonlyArray<Projection.Any<any>>,
  options: { readonly batchSize?: number; readonly cacheSize?: number } = {}
): Effect.Effect<Inline, never, EventStore | ProjectionStore> =>
  Effect.gen(function* () {
    const events: EventStoreService = yield* EventStore
    const store: ProjectionStoreService = yield* ProjectionStore
    for (const p of projections)
      if (p.source._tag === "Log")
        throw new Error(`read model ${p.name} rebuilds its states from the whole log: it cannot be inline`)
    // a member retires when another process has swapped in tables of another version of it
    let members = projections.map((p) => Runner.track(Fold.member(p, options.cacheSize ?? 1_000)))
    const batchSize = options.batchSize ?? 1_000
    const provide = <A, E>(effect: Effect.Effect<A, E, EventStore | ProjectionStore>) =>
      effect.pipe(Effect.provideService(EventStore, events), Effect.provideService(ProjectionStore, store))

    /**
     * Folds the events after each member's checkpoint up to `last`, and commits. When those are
     * just the appended ones (`appended`), they are read back by stream (one short query each,
     * no stream machinery); else the range of the log, a page of `batchSize` at a time (a writer
     * without these read models may have appended millions: only the rows they change are held).
     */
    const project = (
      last: number,
      appended: ReadonlyArray<{ readonly streamId: string; readonly from: number; readonly to: number }> | undefined
    ) =>
      Effect.gen(function* () {
        const after = (m: Runner.Tracked) => Option.getOrThrow(m.checkpoint).position
        const batch = Batch.make()
        if (appended === undefined) {
          for (let from = Math.min(...members.map(after)) + 1; from <= last; from += batchSize) {
            const page = yield* provide(Fold.readRange(from, Math.min(last, from + batchSize - 1), batchSize))
            yield* Fold.apply(events, members, after, page, batch)
          }
        } else {
          const stored = (yield* Effect.forEach(appended, (a) =>
            events.readStreamArray(a.streamId, { fromVersion: a.from, toVersion: a.to })
          ))
            .flat()
            .sort((a, b) => a.position - b.position)
          yield* Fold.apply(events, members, after, stored, batch)
        }
        const moves: Array<CheckpointMove> = members.map((m) => ({
          expected: m.checkpoint,
          next: Runner.checkpointAt(m, last)
        }))
        yield* store.commit(batch.changes(Fold.stateOf(members)), moves)
        return batch
      })

    // Whether the checkpoints may be assumed to stand just before an append (see above).
    let assumeInlinePeers = true

    const attempt = (requests: ReadonlyArray<AppendRequest>, assume: boolean) => {
      let touched: Batch.Batch | undefined
      let folded = false
      return store
        .transaction(
          Effect.gen(function* () {
            const results = yield* events.appendMany(requests)
            const positions = results.filter((r) => !r.alreadyAppended).flatMap((r) => r.positions)
            if (positions.length === 0) return results
            const first = Math.min(...positions)
            const last = Math.max(...positions)
            folded = true
            const appended = results
              .filter((r) => !r.alreadyAppended && r.positions.length > 0)
              .map((r) => ({ streamId: r.streamId, from: r.version - r.positions.length + 1, to: r.version }))
            const behind = members.some(
              (m) => Option.isNone(m.checkpoint) || Option.getOrThrow(m.checkpoint).position !== first - 1
            )
            // Behind only because others appended (every checkpoint known): assumed where their
            // inline writers left them. Otherwise read them (the append holds the log: nobody
            // moves them now) and fold the gap too.
            const gap = behind && !(assume && members.every((m) => Option.isSome(m.checkpoint)))
            if (behind && !gap) for (const m of members) m.checkpoint = Option.some(Runner.checkpointAt(m, first - 1))
            if (gap) {
              yield* provide(Runner.reload(members))
              const retired = members.filter((m) => !Runner.isCurrent(m))
              if (retired.length > 0) {
                yield* Effect.logWarning(
                  `inline read models ${retired.map((m) => m.projection.name).join(", ")} now have tables of another version: this process stops updating them`
                )
                members = members.filter((m) => Runner.isCurrent(m))
              }
              if (members.length === 0) return results
              if (members.every((m) => Option.isSome(m.checkpoint) && m.checkpoint.value.position === first - 1))
                assumeInlinePeers = true
            }
            // the read back must be the whole range first..last: one append, one contiguous run
            const contiguous = last - first + 1 === positions.length
            const read = requests.some((r) =>
              r.events.some((e) => members.some((m) => Projection.handles(m.projection, e.type)))
            )
            if (!gap && contiguous && !read) {
              // nothing here for these read models (an attendance mark for the roster): no rows
              // change, only their checkpoints move, and their states follow their streams' versions
              for (const a of appended)
                for (const m of members) {
                  const source = m.projection.source
                  const partition = source._tag === "Stream" ? source.partition(a.streamId) : undefined
                  const entry = partition === undefined ? undefined : m.cache.get(partition)
                  if (entry !== undefined && entry.version === a.from - 1) entry.version = a.to
                  else if (entry !== undefined) m.cache.delete(partition!)
                }
              yield* store.commit(
                [],
                members.map((m) => ({ expected: m.checkpoint, next: Runner.checkpointAt(m, last) }))
              )
            } else touched = yield* project(last, gap || !contiguous ? undefined : appended)
            for (const m of members) m.checkpoint = Option.some(Runner.checkpointAt(m, last))
            return results
          })
        )
        .pipe(
          Effect.tap(() => {
            if (touched !== undefined) Fold.settle(members, touched)
          }),
          Effect.tap(() => Wakeup.wake(store)),
          // states folded with events that did not commit must not be used again; the
          // checkpoints are read again on the next append
          Effect.tapErrorCause(() =>
            Effect.sync(() => {
              if (!folded) return
              for (const m of members) {
                m.cache.clear()
                m.checkpoint = Option.none()
              }
            })
          )
        )
    }

    const append: Inline["append"] = (requests) => {
      if (members.length === 0) return Effect.tap(events.appendMany(requests), () => Wakeup.wake(store))
      const assume = assumeInlinePeers
      return assume
        ? Effect.catchIf(
            attempt(requests, true),
            (e): e is CheckpointConflict => e instanceof CheckpointConflict,
            () => {
              // a writer without these read models appended: nothing of the attempt was kept
              assumeInlinePeers = false
              return attempt(requests, false)
            }
          )
        : attempt(requests, false)
    }

    // Processes starting together: one rebuilds (it holds the claim), the others wait for it.
    const rebuildOnce = (m: Runner.Tracked) =>
      Effect.scoped(
        Effect.gen(function* () {
          const coordinator = yield* store.coordinator
          while (!(yield* coordinator.tryClaim(m.projection.name))) {
            yield* Effect.sleep("200 millis")
            yield* Runner.reload([m])
            if (!Runner.needsRebuild(m)) return
          }
          yield* Runner.reload([m])
          if (Runner.needsRebuild(m)) yield* Runner.rebuild(m, { batchSize })
        })
      )

    const start: Inline["start"] = provide(
      Effect.gen(function* () {
        for (const m of members) yield* store.ensureTables(m.projection.tables)
        yield* Runner.reload(members)
        for (const m of members) if (Runner.needsRebuild(m)) yield* rebuildOnce(m)
        yield* Runner.catchUp(members, { batchSize })
      })
    )

    return { projections, append, start }
  })
