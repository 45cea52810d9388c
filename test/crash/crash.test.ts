/**
 * kill -9 a process recording through the Ledger at a random moment, then open the store again:
 * the chain verifies, positions are gap-free, every acknowledged command is stored, every command
 * is wholly stored or absent, and re-sending every command id answers consistently (the stored
 * ones as already executed, at their original positions; the others recorded now).
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Stream } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { markJson, setupJson } from "../../examples/scenario/attendanceProgram.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as Requests from "../../src/ledger/Requests.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import * as Stores from "../../src/stores/Stores.js"
import { createSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { commandsOf, contextOf } from "./commands.js"

const participants = 12
const sessions = 4

/** Starts the writer; kills it with SIGKILL `afterAcks` acknowledgements in (plus a random few ms). */
const crashWriter = (url: string, programId: string, afterAcks: number, extraMs: number) =>
  new Promise<{ readonly acked: ReadonlySet<string>; readonly killed: boolean }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/crash/writer.ts", url, programId, String(participants), String(sessions)],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] }
    )
    const acked = new Set<string>()
    let buffer = ""
    let err = ""
    let killing = false
    child.stdout.on("data", (chunk) => {
      buffer += chunk
      const lines = buffer.split("\n")
      buffer = lines.pop()!
      for (const line of lines) if (line.startsWith("ack ")) acked.add(line.slice(4))
      if (!killing && acked.size >= afterAcks) {
        killing = true
        setTimeout(() => child.kill("SIGKILL"), extraMs)
      }
    })
    child.stderr.on("data", (d) => (err += d))
    child.on("exit", (code, signal) =>
      signal === "SIGKILL" || code === 0
        ? resolve({ acked, killed: signal === "SIGKILL" })
        : reject(new Error(`writer exited ${code}: ${err}`))
    )
  })

const checkAfterCrash = (url: string, programId: string, acked: ReadonlySet<string>) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const ledger = yield* Ledger.Ledger
    expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact" })
    const all = Chunk.toReadonlyArray(yield* Stream.runCollect(store.readAll()))
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1))
    const stored = new Map<string, Array<number>>()
    for (const e of all) {
      const id = e.metadata.commandId!
      stored.set(id, [...(stored.get(id) ?? []), e.position])
    }
    for (const id of acked) expect(stored.has(id), `acknowledged ${id} is stored`).toBe(true)
    const { marks, setup } = commandsOf(programId, participants, sessions, setupJson, markJson)
    // Every command re-sent with its id: stored ones answer as before, the others are recorded now.
    for (const command of [...setup, ...marks]) {
      const result = yield* ledger.execute(yield* Requests.decode(command.json), contextOf(command.id))
      const before = stored.get(command.id)
      if (before !== undefined) {
        expect(result.alreadyExecuted).toBe(true)
        expect(result.positions).toEqual(before)
      } else {
        expect(result.alreadyExecuted).toBe(false)
      }
    }
    const after = Chunk.toReadonlyArray(yield* Stream.runCollect(store.readAll()))
    // each command is one event here: wholly stored, never twice
    expect(new Set(after.map((e) => e.metadata.commandId)).size).toBe(setup.length + marks.length)
    expect(after.length).toBe(setup.length + marks.length)
    expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: after.length })
  }).pipe(Effect.provide(Stores.layerLedger(url)))

const trials = (label: string, open: () => Promise<{ url: string; drop: () => Promise<void> }>, runs: number) =>
  it(`${label}: ${runs} kill -9 at random moments leave nothing partial, lost or doubled`, async () => {
    const moments = fc.sample(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 30 })), runs)
    for (const [i, [afterAcks, extraMs]] of moments.entries()) {
      const { drop, url } = await open()
      try {
        const programId = `crash-${i}`
        const { acked, killed } = await crashWriter(url, programId, afterAcks, extraMs)
        expect(killed, "the writer was killed before it finished").toBe(true)
        await Effect.runPromise(checkAfterCrash(url, programId, acked))
      } finally {
        await drop()
      }
    }
  }, 180_000)

describe("crash consistency (kill -9 through the Ledger)", () => {
  const dir = mkdtempSync(join(tmpdir(), "training-ledger-crash-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  let n = 0
  trials(
    "SQLite file",
    async () => {
      const file = join(dir, `crash-${++n}.sqlite`)
      return { url: `sqlite:${file}`, drop: async () => {} }
    },
    3
  )
})

describe.skipIf(!postgres.available)(postgresSuiteName("crash consistency on PostgreSQL"), () => {
  trials(
    "PostgreSQL",
    async () => {
      const schema = await createSchema(postgres.url, "tl_crash")
      return { url: schema.url, drop: schema.drop }
    },
    3
  )
})
