/**
 * Migration 0006's short path (`pg/0006_append_single.sql`) against the batch function it stands
 * in front of: the same batches of appends sent to `event_log_append` in one schema and to
 * `event_log_append_batch` in another give the same answers and the same rows, hashes and tree
 * (batches the short path takes, and batches it hands over: two appends on one stream, a retry).
 */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Either, Layer } from "effect"
import * as fc from "fast-check"
import * as Plan from "../../src/adapters/log/AppendPlan.js"
import * as PgAppend from "../../src/adapters/sql/PgAppend.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import type { ExpectedVersion } from "../../src/ports/EventStore.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { event, metadata, uuid } from "./support/fixtures.js"

interface Step {
  readonly stream: number
  readonly expected: "current" | "stale" | "ahead" | "any" | "no-stream"
  readonly events: number
  /** Send the events of an earlier step again: as they were (a retry) or with other data. */
  readonly again: { readonly step: number; readonly changed: boolean } | undefined
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  stream: fc.nat({ max: 2 }),
  expected: fc.constantFrom("current", "current", "current", "stale", "ahead", "any", "no-stream"),
  events: fc.integer({ min: 0, max: 3 }),
  again: fc.option(fc.record({ step: fc.nat(), changed: fc.boolean() }), { nil: undefined, freq: 4 })
})

const rows = (sql: SqlClient.SqlClient) =>
  Effect.all({
    events: sql`SELECT position, stream_id, version, event_id, type, schema_version, data::text AS data,
                       metadata::text AS metadata, occurred_at::text AS occurred_at, recorded_at::text AS recorded_at,
                       content_hash, prev_hash, hash FROM events ORDER BY position`,
    head: sql`SELECT position, hash FROM event_log_head`,
    tree: sql`SELECT node, hash FROM merkle_nodes ORDER BY node`
  })

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL append: the one-stream short path"), () => {
  it.live(
    "answers and writes as the batch function does, for batches of new appends, conflicts, retries and mismatches",
    () =>
      Effect.gen(function* () {
        const short = yield* freshSchema(postgres.url, "tl_short")
        const batch = yield* freshSchema(postgres.url, "tl_batch")
        const clients = yield* Effect.all(
          [short.url, batch.url].map((url) =>
            Layer.build(Postgres.layer({ url, maxConnections: 1 })).pipe(
              Effect.map((context) => Context.get(context, SqlClient.SqlClient))
            )
          )
        )
        const [viaShort, viaBatch] = clients as [SqlClient.SqlClient, SqlClient.SqlClient]
        let run = 0
        yield* Effect.promise(() =>
          fc.assert(
            // batches of 1 to 4 appends (the group commit's), each of one stream
            fc.asyncProperty(
              fc.array(fc.array(stepArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
              (batches) =>
                Effect.runPromise(
                  Effect.gen(function* () {
                    // every run appends to streams of its own, on the log the runs before left
                    run++
                    const sent: Array<ReadonlyArray<string>> = []
                    for (const [b, steps] of batches.entries()) {
                      const inBatch = new Set<string>()
                      const jobs: Array<Plan.Job> = []
                      for (const [i, step] of steps.entries()) {
                        const streamId = `r${run}-s${step.stream}`
                        const current = Number(
                          (yield* viaShort<{ v: unknown }>`SELECT coalesce(max(version), 0) AS v FROM events
                                                         WHERE stream_id = ${streamId}`)[0]!.v
                        )
                        const expected: ExpectedVersion =
                          step.expected === "current"
                            ? current
                            : step.expected === "stale"
                              ? Math.max(0, current - 1)
                              : step.expected === "ahead"
                                ? current + 1
                                : step.expected
                        const earlier = step.again === undefined ? undefined : sent[step.again.step % sent.length]
                        // the group commit never sends one event id twice in a batch
                        const ids =
                          earlier !== undefined && earlier.length > 0 && !earlier.some((id) => inBatch.has(id))
                            ? earlier
                            : Array.from({ length: step.events }, (_, k) => uuid(run, (b * 4 + i) * 4 + k))
                        ids.forEach((id) => inBatch.add(id))
                        sent.push(ids)
                        const data = step.again?.changed === true ? { n: 2 } : { n: 1 }
                        jobs.push(
                          Either.getOrThrow(
                            Plan.validate(
                              [
                                {
                                  streamId,
                                  expectedVersion: expected,
                                  events: ids.map((id) => event(id, "SessionHeld", data)),
                                  metadata
                                }
                              ],
                              false
                            )
                          )
                        )
                      }
                      const { payload } = PgAppend.batchPayload(
                        jobs,
                        `2026-12-02T10:00:${String(b % 60).padStart(2, "0")}.000Z`
                      )
                      const a = yield* viaShort<{ r: unknown }>`SELECT event_log_append(${payload}::jsonb) AS r`
                      const c = yield* viaBatch<{ r: unknown }>`SELECT event_log_append_batch(${payload}::jsonb) AS r`
                      expect(a[0]!.r).toEqual(c[0]!.r)
                    }
                    expect(yield* rows(viaShort)).toEqual(yield* rows(viaBatch))
                  })
                )
            ),
            { numRuns: 40 }
          )
        )
        // the short path wrote (not only answered): the log holds events
        const head = yield* viaShort<{ position: unknown }>`SELECT position FROM event_log_head`
        expect(Number(head[0]!.position)).toBeGreaterThan(0)
      }).pipe(Effect.scoped),
    120_000
  )
})
