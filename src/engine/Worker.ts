/**
 * The async worker: follows the log from its projections' checkpoints, for as long as its scope
 * is open.
 *
 * - Ownership: each projection is run by one worker at a time. The worker claims it through the
 *   store's coordinator (PostgreSQL: a session advisory lock, keyed by schema and projection, on
 *   one dedicated connection for the worker's life); projections another worker holds are
 *   claimed again every `claimInterval`, so when the owner dies (its connection closes and its
 *   locks go) another worker takes over. Nothing is ever applied twice even if a claim were lost:
 *   every step moves the checkpoints by compare-and-set.
 * - Waking: the Ledger of the same process wakes the worker after each append; on PostgreSQL
 *   every append NOTIFYs the schema's channel and the worker LISTENs; `pollInterval` is the
 *   fallback (appends made by other means, other processes on SQLite).
 * - Versions: a projection whose tables are of another version is rebuilt first (twin tables,
 *   then a swap; readers keep the old tables until then).
 * - Errors (a database down, an undecodable event) are logged; the worker waits and starts again
 *   from the checkpoints.
 *
 * @since 0.2.0
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type { EventStore } from "../ports/EventStore.js"
import { ProjectionStore } from "../ports/ProjectionStore.js"
import * as Runner from "./Runner.js"
import * as Wakeup from "./Wakeup.js"

/**
 * @since 0.2.0
 * @category options
 */
export interface Options {
  /** Events read and committed per step (default 1,000). */
  readonly batchSize?: number | undefined
  /** How long an idle worker waits for a notification before it looks at the log (default 1 s). */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** How often it tries to claim the projections other workers hold (default 1 s). */
  readonly claimInterval?: Duration.DurationInput | undefined
  /** A pause after each step (default none): throttles a worker on a busy database. */
  readonly batchDelay?: Duration.DurationInput | undefined
  /** Called when the worker takes a projection over. */
  readonly onClaim?: ((projection: string) => Effect.Effect<void>) | undefined
}

/**
 * Runs the worker for `members` until interrupted.
 *
 * @internal
 */
export const run = (
  members: ReadonlyArray<Runner.Tracked>,
  options: Options = {}
): Effect.Effect<never, never, EventStore | ProjectionStore> => {
  const batchSize = options.batchSize ?? 1_000
  const pollInterval = Duration.decode(options.pollInterval ?? "1 second")
  const claimInterval = Duration.toMillis(options.claimInterval ?? "1 second")
  const once = Effect.scoped(
    Effect.gen(function* () {
      const store = yield* ProjectionStore
      const coordinator = yield* store.coordinator
      // woken by appends of this process (the Ledger) and, on PostgreSQL, of the others (NOTIFY)
      const wake = yield* Wakeup.subscribe(store)
      yield* store.appended.pipe(
        Stream.runForEach(() => Queue.offer(wake, undefined)),
        Effect.retry(Schedule.spaced("1 second")),
        Effect.ignore,
        Effect.forkScoped
      )
      const owned: Array<Runner.Tracked> = []
      let claimedAt = Number.NEGATIVE_INFINITY
      for (;;) {
        if (owned.length < members.length && Date.now() - claimedAt >= claimInterval) {
          claimedAt = Date.now()
          for (const m of members) {
            if (owned.includes(m) || !(yield* coordinator.tryClaim(m.projection.name))) continue
            yield* Runner.reload([m])
            owned.push(m)
            if (options.onClaim) yield* options.onClaim(m.projection.name)
          }
        }
        if (!(yield* coordinator.alive)) return yield* Effect.fail(new Error("the worker's claims were lost"))
        for (const m of owned) if (Runner.needsRebuild(m)) yield* Runner.rebuild(m, { batchSize })
        const read =
          owned.length === 0
            ? 0
            : yield* Runner.step(owned, { batchSize }).pipe(
                Effect.catchTag("CheckpointConflict", () => Effect.as(Runner.reload(owned), -1))
              )
        if (read !== 0 && options.batchDelay !== undefined) yield* Effect.sleep(options.batchDelay)
        if (read === 0) {
          const idle = owned.length < members.length ? Duration.min(pollInterval, claimInterval) : pollInterval
          yield* Effect.ignore(Effect.timeout(Queue.take(wake), idle))
        }
      }
    })
  )
  return Effect.forever(
    once.pipe(
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.failCause(cause)
          : Effect.zipRight(
              Effect.logWarning("projection worker failed; it starts again in 1 s", cause),
              Effect.sleep("1 second")
            )
      )
    )
  ) as Effect.Effect<never, never, EventStore | ProjectionStore>
}
