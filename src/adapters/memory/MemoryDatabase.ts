/**
 * One in-memory database shared by the memory stores (event log, projection store), so that an
 * append and read-model writes can commit together as they do in SQL.
 *
 * Writes are serialized by one lock. A transaction holds the lock for its whole length and keeps
 * an undo log: when its effect fails, every write it made is undone in reverse order. Writes made
 * inside a transaction join it (found through the {@link MemoryTransaction} service, which the
 * transaction provides to its effect), as writes inside `sql.withTransaction` do.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * @since 0.2.0
 * @category models
 */
export interface MemoryDatabase {
  readonly lock: Effect.Semaphore
}

/**
 * @since 0.2.0
 * @category tags
 */
export const MemoryDatabase = Context.GenericTag<MemoryDatabase>("training-ledger/MemoryDatabase")

interface Transaction {
  readonly database: MemoryDatabase
  readonly undo: Array<() => void>
}

/**
 * The transaction the current fiber runs in, if any.
 *
 * @since 0.2.0
 * @category tags
 */
export class MemoryTransaction extends Context.Tag("training-ledger/MemoryTransaction")<
  MemoryTransaction,
  Transaction
>() {}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (): MemoryDatabase => ({ lock: Effect.unsafeMakeSemaphore(1) })

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<MemoryDatabase> = Layer.sync(MemoryDatabase, make)

const current = (database: MemoryDatabase) =>
  Effect.map(Effect.serviceOption(MemoryTransaction), (tx) => Option.filter(tx, (t) => t.database === database))

/**
 * Runs `effect` as one transaction of `database` (or inside the current one). On failure, its
 * writes are undone.
 *
 * @since 0.2.0
 * @category transactions
 */
export const transaction =
  (database: MemoryDatabase) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(current(database), (joined) => {
      if (Option.isSome(joined)) return effect
      const tx: Transaction = { database, undo: [] }
      return database.lock.withPermits(1)(
        Effect.onExit(Effect.provideService(effect, MemoryTransaction, tx), (exit) =>
          Effect.sync(() => {
            if (Exit.isFailure(exit)) for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]()
          })
        )
      )
    })

/**
 * A synchronous write: `f` changes the data and registers how to undo each change. Inside a
 * transaction it joins it; outside, it runs alone under the lock (and cannot be undone).
 *
 * @since 0.2.0
 * @category transactions
 */
export const write =
  (database: MemoryDatabase) =>
  <A>(f: (undo: (restore: () => void) => void) => A): Effect.Effect<A> =>
    Effect.flatMap(current(database), (joined) =>
      Option.isSome(joined)
        ? Effect.sync(() => f((restore) => joined.value.undo.push(restore)))
        : database.lock.withPermits(1)(Effect.sync(() => f(() => {})))
    )
