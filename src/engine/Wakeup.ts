/**
 * In-process wake-ups for workers: after the Ledger commits an append (with its inline read
 * models), the workers of this process on the same store look at the log at once, instead of at
 * their next poll. Keyed by the store service, so two stores in one process never wake each
 * other. Across processes, PostgreSQL's NOTIFY does the same (`ProjectionStore.appended`).
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"

const listeners = new WeakMap<object, Set<Queue.Queue<void>>>()

/** A queue that receives a signal after each append on `store`, for the scope's life. @internal */
export const subscribe = (store: object): Effect.Effect<Queue.Queue<void>, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.map(Queue.sliding<void>(1), (queue) => {
      let set = listeners.get(store)
      if (set === undefined) listeners.set(store, (set = new Set()))
      set.add(queue)
      return queue
    }),
    (queue) => Effect.sync(() => listeners.get(store)?.delete(queue))
  )

/** Wakes the workers of `store`. @internal */
export const notify = (store: object): Effect.Effect<void> =>
  Effect.sync(() => {
    for (const queue of listeners.get(store) ?? []) queue.unsafeOffer(undefined)
  })

/**
 * Wakes the workers of `store` and lets them run before the caller goes on: on SQLite one
 * connection serves the Ledger and the workers, and a caller that appends in a tight loop would
 * otherwise take it back before a woken worker gets it.
 *
 * @internal
 */
export const wake = (store: object): Effect.Effect<void> =>
  Effect.suspend(() => {
    const set = listeners.get(store)
    if (set === undefined || set.size === 0) return Effect.void
    for (const queue of set) queue.unsafeOffer(undefined)
    return Effect.yieldNow()
  })
