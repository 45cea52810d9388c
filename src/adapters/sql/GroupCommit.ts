/**
 * Group commit: one writer fiber per store takes the appends that wait while a batch is being
 * written (up to `maxBatchSize`) and writes them in one transaction that holds the log head. Each
 * append keeps its own idempotency and version check and its own answer; one that fails writes
 * nothing and does not stop the others. If a batch fails as a whole (a database error), each of
 * its appends is retried alone, so the error reaches only its owner.
 *
 * A batch never holds one event id in two appends (two executors sending the same command at
 * once): the later one waits for the next batch, where it is answered as a retry. The append
 * paths can then treat every id of a batch as distinct.
 *
 * When no batch is being written and none waits, an append is written at once in its caller's
 * fiber (a batch of one, under the same turn as the writer's batches), without the hand-off to
 * the writer: a single writer pays no queue, no deferred answer and no fiber switch.
 *
 * An append made inside the caller's own transaction (`sql.withTransaction`, e.g. with inline
 * read models) does not go through the writer, which would wait for that transaction: it runs
 * in it, alone.
 *
 * @since 0.2.0
 * @internal
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import { type AppendError, type AppendResult, EventStoreError } from "../../ports/EventStore.js"
import type * as Plan from "../log/AppendPlan.js"

type Outcome = Either.Either<ReadonlyArray<AppendResult>, Plan.JobFailure>

/** Writes a batch of jobs in one transaction; each job's outcome, in order. @internal */
export type AppendBatch = (
  jobs: ReadonlyArray<Plan.Job>,
  recordedAt: string
) => Effect.Effect<ReadonlyArray<Outcome>, SqlError>

type Method = "append" | "appendMany"

interface Pending {
  readonly job: Plan.Job
  readonly method: Method
  readonly deferred: Deferred.Deferred<ReadonlyArray<AppendResult>, AppendError>
}

/**
 * Splits taken appends, in order, into consecutive batches in which no event id appears twice:
 * an append that repeats an id of the batch being filled starts the next one.
 */
const distinctBatches = (items: ReadonlyArray<Pending>): Array<Array<Pending>> => {
  const batches: Array<Array<Pending>> = []
  let ids = new Set<string>()
  for (const item of items) {
    const own: Array<string> = []
    for (const request of item.job) for (const event of request.events) own.push(event.eventId)
    if (batches.length === 0 || own.some((id) => ids.has(id))) {
      batches.push([])
      ids = new Set()
    }
    batches[batches.length - 1].push(item)
    for (const id of own) ids.add(id)
  }
  return batches
}

/**
 * Starts the writer in `scope` and returns how to submit a validated job.
 *
 * @internal
 */
export const make = (options: {
  readonly appendBatch: AppendBatch
  /** The append inside the caller's transaction, on its connection (default `appendBatch`). */
  readonly appendInTransaction?: AppendBatch | undefined
  readonly now: Effect.Effect<string>
  readonly maxBatchSize: number
}): Effect.Effect<
  (job: Plan.Job, method: Method) => Effect.Effect<ReadonlyArray<AppendResult>, AppendError>,
  never,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const { appendBatch, maxBatchSize, now } = options
    const appendInTransaction = options.appendInTransaction ?? appendBatch
    const queue = yield* Queue.unbounded<Pending>()
    // One batch at a time: the writer's, or an idle store's append written in its caller's fiber.
    const turn = yield* Effect.makeSemaphore(1)

    const fail = (items: ReadonlyArray<Pending>, cause: unknown) =>
      Effect.forEach(
        items,
        (item) => Deferred.fail(item.deferred, new EventStoreError({ method: item.method, cause })),
        { discard: true }
      )

    const runBatch = (items: ReadonlyArray<Pending>): Effect.Effect<void> =>
      Effect.gen(function* () {
        const recordedAt = yield* now
        const exit = yield* Effect.exit(
          appendBatch(
            items.map((item) => item.job),
            recordedAt
          )
        )
        if (Exit.isSuccess(exit)) {
          yield* Effect.forEach(
            items,
            (item, i) =>
              Either.match(exit.value[i], {
                onLeft: (error) => Deferred.fail(item.deferred, error),
                onRight: (results) => Deferred.succeed(item.deferred, results)
              }),
            { discard: true }
          )
        } else if (items.length > 1) {
          // One append broke the batch (a database error): retry each alone so only it fails.
          yield* Effect.forEach(items, (item) => runBatch([item]), { discard: true })
        } else {
          yield* fail(items, Cause.squash(exit.cause))
        }
      })

    yield* Effect.addFinalizer(() =>
      Effect.flatMap(Queue.takeAll(queue), (pending) =>
        fail(Chunk.toReadonlyArray(pending), new Error("the event store was closed"))
      ).pipe(Effect.zipRight(Queue.shutdown(queue)))
    )

    yield* Queue.takeBetween(queue, 1, maxBatchSize).pipe(
      Effect.flatMap((chunk) => {
        const items = Chunk.toReadonlyArray(chunk)
        return turn
          .withPermits(1)(Effect.forEach(distinctBatches(items), runBatch, { discard: true }))
          .pipe(Effect.onInterrupt(() => fail(items, new Error("the event store was closed during the append"))))
      }),
      Effect.forever,
      Effect.forkScoped
    )

    const alone = (job: Plan.Job, method: Method) =>
      Effect.flatMap(now, (recordedAt) => appendBatch([job], recordedAt)).pipe(
        Effect.catchAllCause((cause) => Effect.fail(new EventStoreError({ method, cause: Cause.squash(cause) }))),
        Effect.flatMap((outcomes) => outcomes[0])
      )

    const viaWriter = (job: Plan.Job, method: Method) =>
      Effect.flatMap(Deferred.make<ReadonlyArray<AppendResult>, AppendError>(), (deferred) =>
        Queue.offer(queue, { job, method, deferred }).pipe(Effect.zipRight(Deferred.await(deferred)))
      )

    return (job, method) =>
      Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (transaction) =>
        transaction._tag === "Some"
          ? Effect.flatMap(now, (recordedAt) => appendInTransaction([job], recordedAt)).pipe(
              Effect.mapError((cause) => new EventStoreError({ method, cause })),
              Effect.flatMap((outcomes) => outcomes[0])
            )
          : Effect.flatMap(Queue.size(queue), (waiting) =>
              waiting > 0
                ? viaWriter(job, method)
                : // Started, it runs to its end like a batch of the writer's (no half-done append).
                  Effect.uninterruptible(turn.withPermitsIfAvailable(1)(Effect.either(alone(job, method)))).pipe(
                    Effect.flatMap(
                      Option.match({
                        onNone: () => viaWriter(job, method),
                        onSome: (result) => result
                      })
                    )
                  )
            )
      )
  })
