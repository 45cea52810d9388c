/**
 * Fairness under contention (issue 13): two OS processes, each with 8 concurrent Ledger executors,
 * record attendance on ONE PostgreSQL program. Every command's latency is measured where a caller
 * sees it (around `execute`); the figure is the p99 of the slowest process against the fastest's.
 * No writer may starve: the ratio should stay within 3x.
 *
 *   npx tsx bench/fairness.ts [postgres-url] [participants] [sessions]
 *
 * The parent records the program's set-up, then starts both children at once and waits.
 */
import { Effect, ManagedRuntime } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { actorFor } from "../src/demo/Cast.js"
import * as Ledger from "../src/ledger/Ledger.js"
import * as Stores from "../src/stores/Stores.js"
import { mark, setup } from "../examples/scenario/attendanceProgram.js"

const executors = 8
const processes = 2

interface ChildResult {
  readonly child: number
  readonly commands: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly seconds: number
}

const context = (tag: string, commandId: string) => ({
  actor: actorFor(tag, "LPCIP"),
  source: "user" as const,
  commandId
})

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/** One child: its share of the marks (every other participant), by 8 executors. */
const child = async (url: string, programId: string, index: number, participants: number, sessions: number) => {
  const runtime = ManagedRuntime.make(Stores.layerLedger(url))
  const work: Array<[number, number]> = []
  for (let s = 0; s < sessions; s++) for (let p = index; p < participants; p += processes) work.push([s, p])
  // the layer (pool, migrations check, the engine's tables) is built before any command is timed
  // and the program loaded once (the Ledger's cache), as in a process that has been serving a while
  await runtime.runPromise(Effect.flatMap(Ledger.Ledger, (ledger) => ledger.getProgram(programId)))
  const latencies: Array<number> = []
  const started = performance.now()
  await runtime.runPromise(
    Effect.flatMap(Ledger.Ledger, (ledger) =>
      Effect.forEach(
        work,
        ([s, p]) =>
          Effect.suspend(() => {
            const t0 = performance.now()
            return ledger
              .execute(mark(programId, s, p), context("RecordAttendance", `${programId}-m-${s}-${p}`))
              .pipe(Effect.tap(() => Effect.sync(() => latencies.push(performance.now() - t0))))
          }),
        { concurrency: executors, discard: true }
      )
    )
  )
  const seconds = (performance.now() - started) / 1000
  if (process.env["FAIRNESS_DEBUG"])
    console.error(`child ${index} slow: ${JSON.stringify(latencies.filter((l) => l > 50).map((l) => Math.round(l)))}`)
  await runtime.dispose()
  latencies.sort((a, b) => a - b)
  const result: ChildResult = {
    child: index,
    commands: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1]!,
    seconds
  }
  console.log(JSON.stringify(result))
}

const parent = async (url: string, participants: number, sessions: number) => {
  const programId = `FAIR-${Date.now().toString(36)}`
  const runtime = ManagedRuntime.make(Stores.layerLedger(url))
  await runtime.runPromise(
    Effect.flatMap(Ledger.Ledger, (ledger) =>
      Effect.forEach(
        setup(programId, participants, sessions).entries(),
        ([i, command]) => ledger.execute(command, context(command._tag, `${programId}-setup-${i}`)),
        { discard: true }
      )
    )
  )
  await runtime.dispose()
  const self = fileURLToPath(import.meta.url)
  const results = await Promise.all(
    Array.from(
      { length: processes },
      (_, i) =>
        new Promise<ChildResult>((resolve, reject) => {
          const proc = spawn(
            process.execPath,
            ["--import", "tsx", self, "--child", url, programId, String(i), String(participants), String(sessions)],
            { stdio: ["ignore", "pipe", "inherit"] }
          )
          let out = ""
          proc.stdout.on("data", (d) => (out += d))
          proc.on("exit", (code) =>
            code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`child ${i}: ${code}`))
          )
        })
    )
  )
  const p99s = results.map((r) => r.p99)
  const ratio = Math.max(...p99s) / Math.min(...p99s)
  for (const r of results)
    console.log(
      `process ${r.child}: ${r.commands} commands in ${r.seconds.toFixed(1)} s; ` +
        `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`
    )
  console.log(`p99 slowest / fastest: ${ratio.toFixed(2)}x (target <= 3x)`)
  console.log(JSON.stringify({ programId, ratio, results }))
}

const args = process.argv.slice(2)
if (args[0] === "--child") {
  await child(args[1]!, args[2]!, Number(args[3]), Number(args[4]), Number(args[5]))
} else {
  await parent(
    args[0] ?? process.env["TRAINING_LEDGER_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test",
    Number(args[1] ?? 40),
    Number(args[2] ?? 10)
  )
}
