/**
 * One permit per key, for the executors of one process: two officers marking attendance on the
 * same program take turns deciding instead of racing to a version conflict. Conflicts between
 * processes are settled by the store (its version check, and on PostgreSQL the stream's turn).
 *
 * Turns are first come, first served: the permit is handed to the longest waiter when released,
 * never taken by an executor that arrives in between (Effect's `Semaphore` lets a newcomer take a
 * free permit before the woken waiter runs, and the waiter queues again at the end: under a
 * steady stream of commands a few executors waited for the whole run).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category models
 */
export interface KeyedLock {
  readonly withLock: (key: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

interface Waiter {
  readonly wake: () => void
}

interface Entry {
  held: boolean
  readonly queue: Array<Waiter>
}

/**
 * Locks are created on first use and dropped when nobody holds or awaits them, so the map holds
 * only keys in use.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (): KeyedLock => {
  const locks = new Map<string, Entry>()

  /** Hands the permit to the next waiter, or frees the key. */
  const release = (key: string, entry: Entry) => {
    const next = entry.queue.shift()
    if (next === undefined) {
      entry.held = false
      locks.delete(key)
      return
    }
    next.wake()
  }

  const acquire = (key: string) => {
    let owned = false
    let entry: Entry | undefined
    return Effect.async<void>((resume) => {
      entry = locks.get(key)
      if (entry === undefined) {
        entry = { held: false, queue: [] }
        locks.set(key, entry)
      }
      if (!entry.held) {
        entry.held = true
        owned = true
        resume(Effect.void)
        return
      }
      const queued: Waiter = {
        wake: () => {
          owned = true
          resume(Effect.void)
        }
      }
      entry.queue.push(queued)
      return Effect.sync(() => {
        const at = entry!.queue.indexOf(queued)
        if (at !== -1) entry!.queue.splice(at, 1)
      })
    }).pipe(
      // interrupted once the permit was ours (handed over, not yet used): pass it on
      Effect.onInterrupt(() =>
        Effect.sync(() => {
          if (owned && entry !== undefined) release(key, entry)
        })
      ),
      Effect.as(() => release(key, entry!))
    )
  }

  return {
    withLock: (key) => (effect) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(restore(acquire(key)), (unlock) => Effect.ensuring(restore(effect), Effect.sync(unlock)))
      )
  }
}
