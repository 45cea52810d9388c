/**
 * Two worker processes on one PostgreSQL schema race for the read models: each read model has one
 * owner at a time (an advisory lock on the owner's connection); `kill -9` the owner half-way and
 * the other takes over and finishes; nothing was applied twice and the tables equal a rebuild.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { spawn } from "node:child_process"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { ProjectionStore } from "../../src/ports/ProjectionStore.js"
import * as Catalog from "../../src/projections/Catalog.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { applications, table as applicationsTable } from "./support/applications.js"
import * as Log from "./support/log.js"

interface Line {
  readonly started?: string
  readonly claimed?: string
  readonly done?: number
  readonly at: number
}

/** A worker process; its lines as they come; killed (SIGKILL) when the scope closes. */
const worker = (url: string, id: string, until: number, pause: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "test/engine/support/worker.ts", url, id, String(until), String(pause)],
        {
          cwd: process.cwd(),
          stdio: ["ignore", "pipe", "pipe"]
        }
      )
      const lines: Array<Line> = []
      let err = ""
      let buffer = ""
      child.stdout.on("data", (d) => {
        buffer += d
        const parts = buffer.split("\n")
        buffer = parts.pop()!
        for (const p of parts) if (p.trim() !== "") lines.push(JSON.parse(p) as Line)
      })
      child.stderr.on("data", (d) => (err += d))
      return { id, child, lines, stderr: () => err }
    }),
    ({ child }) => Effect.sync(() => void child.kill("SIGKILL"))
  )

const waitFor = (what: string, condition: () => boolean, timeoutMs = 30_000) =>
  Effect.gen(function* () {
    const start = Date.now()
    while (!condition()) {
      if (Date.now() - start > timeoutMs) return yield* Effect.dieMessage(`timed out waiting for ${what}`)
      yield* Effect.sleep("25 millis")
    }
  })

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL worker processes"), () => {
  it.live(
    "two processes race: one owner at a time; kill -9 the owner half-way, the other finishes; nothing applied twice; rows equal a rebuild",
    () =>
      Effect.gen(function* () {
        const { url } = yield* freshSchema(postgres.url, "tl_race")
        const projections = [...Catalog.builtIn, applications("check")]
        const stores = Postgres.layer({ url, maxConnections: 3 })
        // the log: two founding cases and events of another application
        const head = yield* Effect.gen(function* () {
          const one = foundingCase({ programId: "PRG-1", verificationCodeHash: () => "0".repeat(64) }).commands
          const requests = Log.interleave(
            [Log.programRequests(one, "cip-a", "race"), Log.programRequests(one, "cip-b", "race")],
            Array.from({ length: 800 }, (_, i) => (i % 3 === 0 ? 1 : 0))
          )
          requests.splice(50, 0, Log.foreignRequest(1))
          yield* Log.appendAll(requests)
          return (yield* (yield* EventStore).head()).position
        }).pipe(Effect.provide(stores))

        // a is slow (a pause after each batch of 5), so b can start and find everything taken
        const a = yield* worker(url, "a", head, 100)
        yield* waitFor(
          "a to claim every read model",
          () => a.lines.filter((l) => l.claimed).length === projections.length
        )
        const b = yield* worker(url, "b", head, 0)
        yield* waitFor("b to start", () => b.lines.some((l) => l.started !== undefined))
        // b tries to claim every 100 ms: give it time to fail a few times
        yield* Effect.sleep("500 millis")
        // a owns everything: b claims nothing while a lives, and a is only part of the way
        const progress = Effect.map(
          Effect.flatMap(ProjectionStore, (s) => s.checkpoint("test-applications")),
          Option.match({ onNone: () => 0, onSome: (c) => c.position })
        ).pipe(Effect.provide(stores))
        for (;;) {
          const at = yield* progress
          if (at >= 50) break
          yield* Effect.sleep("20 millis")
        }
        expect(b.lines.filter((l) => l.claimed)).toEqual([])
        const killedAt = Date.now()
        a.child.kill("SIGKILL")
        const atKill = yield* progress
        expect(atKill).toBeLessThan(head) // the race was real: a had not finished
        yield* waitFor("b to take over and finish", () => b.lines.some((l) => l.done !== undefined), 60_000).pipe(
          Effect.tapDefect(() => Effect.sync(() => console.error(b.stderr())))
        )
        const takenOver = b.lines.filter((l) => l.claimed)
        expect(takenOver.map((l) => l.claimed).sort()).toEqual(projections.map((p) => p.name).sort())
        for (const l of takenOver) expect(l.at).toBeGreaterThanOrEqual(killedAt)

        yield* Effect.gen(function* () {
          // each event applied once: one row per position, by a or by b, both took part
          const rows = yield* (yield* ProjectionStore).select(applicationsTable)
          const positions = rows.map((r) => r.position)
          expect(new Set(positions).size).toBe(positions.length)
          expect(positions.length).toBe(head)
          expect(new Set(rows.map((r) => r.worker))).toEqual(new Set(["a", "b"]))
          const built = Catalog.builtIn
          expect(Log.comparable(yield* Log.storedRows(built))).toEqual(Log.comparable(yield* Log.rebuiltRows(built)))
        }).pipe(Effect.provide(stores))
      }).pipe(Effect.scoped),
    120_000
  )
})
