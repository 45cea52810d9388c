/**
 * One permit per key, for the executors of one process: two officers marking attendance on the
 * same program take turns deciding instead of racing to a version conflict. Conflicts between
 * processes are still settled by the store's version check.
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

/**
 * Locks are created on first use and dropped when nobody holds or awaits them, so the map holds
 * only keys in use.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (): KeyedLock => {
  const locks = new Map<string, { readonly semaphore: Effect.Semaphore; users: number }>()
  return {
    withLock: (key) => (effect) =>
      Effect.suspend(() => {
        let entry = locks.get(key)
        if (entry === undefined) {
          entry = { semaphore: Effect.unsafeMakeSemaphore(1), users: 0 }
          locks.set(key, entry)
        }
        const held = entry
        held.users++
        return held.semaphore
          .withPermits(1)(effect)
          .pipe(
            Effect.ensuring(
              Effect.sync(() => {
                if (--held.users === 0) locks.delete(key)
              })
            )
          )
      })
  }
}
