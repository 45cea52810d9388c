// W9, the writer fleet on PostgreSQL: the parent. It gives the run a fresh schema, sets up the
// 200 programs (not timed), spawns 4 processes (child.ts) of 4 executors each, starts them
// together once all are ready, and times from that common start to the last process's report.
// Then it checks the stored log against the acknowledged commands.
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import pg from "pg"
import { latencyStats } from "../lib/data.mjs"
import { BENCH_DIR, PG_URL, freshSchemaName, urlWithSchema } from "../lib/env.mjs"
import * as Commands from "./commands.ts"
import type { Report } from "./executor.ts"

const TARGETS = ["training-ledger:postgres", "emmett:postgres"] as const
type Target = (typeof TARGETS)[number]

interface Side {
  readonly prepare: (url: string, setup: ReadonlyArray<Commands.SetupAppend>) => Promise<void>
  readonly storedQuery: (schema: string) => string
  readonly verify: (url: string) => Promise<string | undefined>
}

type Message = "ready" | { readonly report: Report } | { readonly error: string }

/** A child and the messages it sent, in order. */
const start = (target: Target, n: number, p: number, url: string) => {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_W9_CPU_PROF=DIR: a CPU profile of each process of the fleet (the whole process)
      ...(process.env.BENCH_W9_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_W9_CPU_PROF] : []),
      "--import",
      "tsx",
      join(BENCH_DIR, "w9", "child.ts"),
      target,
      String(n),
      String(p),
      url
    ],
    // its output goes to stderr: the bench's child reports on stdout
    { cwd: process.cwd(), stdio: ["ignore", process.stderr, process.stderr, "ipc"], env: { ...process.env } }
  )
  const next: Array<(m: Message) => void> = []
  const early: Array<Message> = []
  child.on("message", (m: Message) => (next.length ? next.shift()!(m) : early.push(m)))
  child.on("exit", (code) => {
    for (const resolve of next.splice(0)) resolve({ error: `process ${p} exited ${code}` })
    early.push({ error: `process ${p} exited ${code}` })
  })
  const receive = () => new Promise<Message>((resolve) => (early.length ? resolve(early.shift()!) : next.push(resolve)))
  return { child, receive }
}

export const run = async (target: string, n: number) => {
  if (!(TARGETS as ReadonlyArray<string>).includes(target)) throw new Error(`W9 runs on ${TARGETS.join(", ")}`)
  const side: Side = target === "training-ledger:postgres" ? await import("./ledger.ts") : await import("./emmett.ts")
  const schema = freshSchemaName(target === "emmett:postgres" ? "em_w9" : "tl_w9")
  const url = urlWithSchema(schema)
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  const children: Array<ReturnType<typeof start>> = []
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.query(`CREATE SCHEMA ${schema}`)
    const setup = Commands.setupAppends()
    await side.prepare(url, setup)

    for (let p = 0; p < Commands.PROCESSES; p++) children.push(start(target as Target, n, p, url))
    for (const c of children) {
      const m = await c.receive()
      if (m !== "ready") throw new Error(`a process did not start: ${JSON.stringify(m)}`)
    }
    const t0 = performance.now()
    for (const c of children) c.child.send("go")
    let end = t0
    const reports: Array<Report> = []
    for (const c of children) {
      const m = await c.receive()
      end = Math.max(end, performance.now())
      if (m === "ready" || "error" in m) throw new Error(`a process failed: ${m === "ready" ? m : m.error}`)
      reports.push(m.report)
    }
    const secs = (end - t0) / 1000
    await Promise.all(
      children.map(
        (c) => new Promise((resolve) => (c.child.exitCode !== null ? resolve(0) : c.child.on("exit", resolve)))
      )
    )

    const plan = Commands.plan(n)
    const sum = (f: (r: Report) => number) => reports.reduce((a, r) => a + f(r), 0)
    const acked = new Set(reports.flatMap((r) => r.acked))
    const { rows } = await admin.query<{ stream_id: string; command_id: string }>(side.storedQuery(schema))
    const problems = check(plan, setup, acked, rows)
    const broken = await side.verify(url)
    if (broken) problems.push(broken)
    const errors = sum((r) => r.errors)
    if (errors > 0) problems.push(`${errors} commands failed: ${reports.flatMap((r) => r.errorSamples).join(" | ")}`)
    const ok = problems.length === 0
    const commandsPerS = acked.size / secs
    return {
      // one event per command: events/s is commands/s
      events_per_s: commandsPerS,
      commands_per_s: commandsPerS,
      ...latencyStats(reports.flatMap((r) => r.latencies)),
      ok,
      ...(ok ? {} : { reason: problems.slice(0, 5).join("; ") }),
      conflicts: sum((r) => r.conflicts),
      retries: sum((r) => r.retries),
      gave_up: sum((r) => r.gaveUp),
      errors,
      processes: Commands.PROCESSES,
      executors_per_process: Commands.EXECUTORS,
      programs: Commands.PROGRAMS,
      commands: plan.length,
      acknowledged: acked.size,
      // the fleet's client processes' CPU time per command (4 processes on the machine's cores)
      client_cpu_ms_per_command: sum((r) => r.cpuMs) / plan.length,
      wall_s: Math.round(secs * 1000) / 1000
    }
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL")
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
}

/**
 * Every acknowledged command stored exactly once, on its program's stream; nothing else stored
 * but the setup; each program holds its setup events plus its acknowledged commands.
 */
const check = (
  plan: ReadonlyArray<Commands.Planned>,
  setup: ReadonlyArray<Commands.SetupAppend>,
  acked: ReadonlySet<number>,
  rows: ReadonlyArray<{ stream_id: string; command_id: string }>
) => {
  const problems: Array<string> = []
  const expected = new Map(setup.map((s) => [s.streamId, s.events.length]))
  const setupIds = new Set(setup.map((s) => s.metadata.commandId))
  const byId = new Map(plan.map((c) => [c.commandId, c]))
  for (const c of plan) if (acked.has(c.index)) expected.set(c.streamId, expected.get(c.streamId)! + 1)
  const seen = new Map<string, number>()
  const perStream = new Map<string, number>()
  for (const r of rows) {
    perStream.set(r.stream_id, (perStream.get(r.stream_id) ?? 0) + 1)
    if (setupIds.has(r.command_id)) continue
    const c = byId.get(r.command_id)
    if (c === undefined || !acked.has(c.index) || c.streamId !== r.stream_id)
      problems.push(`stored, not acknowledged there: ${r.command_id} on ${r.stream_id}`)
    seen.set(r.command_id, (seen.get(r.command_id) ?? 0) + 1)
  }
  for (const c of plan)
    if (acked.has(c.index) && seen.get(c.commandId) !== 1)
      problems.push(`acknowledged command ${c.index} stored ${seen.get(c.commandId) ?? 0} times`)
  for (const [streamId, count] of expected)
    if (perStream.get(streamId) !== count)
      problems.push(`${streamId}: ${perStream.get(streamId) ?? 0} events, expected ${count}`)
  if (perStream.size !== expected.size) problems.push(`${perStream.size} streams, expected ${expected.size}`)
  return problems
}
