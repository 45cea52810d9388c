#!/usr/bin/env node
// `npm run bench` (from the repository root): training-ledger side by side with the raw drivers
// and Emmett. Plain Node, no dependencies. See bench/README.md.
//
//   node bench/run.mjs [--quick] [--reps 3] [--n 100000] [--only W1,W3] [--targets raw:sqlite,...]
//                      [--out bench/results.json] [--cpu-prof DIR] [--profile-timed DIR] [--timeout S]
//                      [--w7-sizes 10k,10M] [--from-runs FILE.runs.jsonl]
//
// Every run is appended, as it ends, to <out>.runs.jsonl (one JSON line per child run), so a long
// run stopped part-way keeps what it measured; `--from-runs FILE` builds the tables from such a
// file instead of running (with the same --n, --only and --targets).
import { spawn, spawnSync } from "node:child_process"
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { cpus, totalmem, type as osType, release } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const BENCH = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(BENCH, "..")

const ALL_TARGETS = [
  "training-ledger:sqlite",
  "training-ledger:sqlite-normal",
  "training-ledger:postgres",
  "training-ledger:sqlite-notree",
  "training-ledger:postgres-notree",
  "training-ledger-promise:sqlite",
  "training-ledger-promise:postgres",
  "raw:sqlite",
  "raw:sqlite-normal",
  "raw:postgres",
  "emmett:sqlite",
  "emmett:postgres"
]
const ALL_WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "MEM"]
const TL_ONLY = new Set(["W6", "W7", "W8", "MEM"])
// W9 (the writer fleet) runs on PostgreSQL only, training-ledger against Emmett
const ONLY_ON = { W9: new Set(["training-ledger:postgres", "emmett:postgres"]) }

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt
}
const quick = flag("--quick")
const n = Number(opt("--n", quick ? 20_000 : 100_000))
const reps = Number(opt("--reps", quick ? 1 : 3))
const workloads = opt("--only", ALL_WORKLOADS.join(","))
  .split(",")
  .map((s) => s.trim().toUpperCase())
  .filter(Boolean)
// The "-notree" variants (the store without its Merkle tree) are the baseline of one ratio: they
// run W1 next to their store unless named explicitly.
const NO_TREE = {
  "training-ledger:sqlite": "training-ledger:sqlite-notree",
  "training-ledger:postgres": "training-ledger:postgres-notree"
}
const targets = opt("--targets", ALL_TARGETS.filter((t) => !t.endsWith("-notree")).join(","))
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean)
const out = resolve(opt("--out", join(BENCH, "results.json")))
const cpuProf = opt("--cpu-prof", undefined)
const profileTimed = opt("--profile-timed", undefined)
const timeoutS = Number(opt("--timeout", 1800))
const fromRuns = opt("--from-runs", undefined)
const runsLog = out.replace(/\.json$/, "") + ".runs.jsonl"
// W7's log sizes (default N/10, N, 10·N): "10000,10000000" or "10k,10M", passed to the child as
// BENCH_W7_SIZES; the fill before each size is streamed in bulk and reports progress on stderr.
const w7SizesOpt = opt("--w7-sizes", undefined)
const w7Sizes = w7SizesOpt === undefined ? undefined : w7SizesOpt.split(",").map(parseCount)
if (
  w7Sizes &&
  (w7Sizes.length > 20 || w7Sizes.some((x, i) => !Number.isInteger(x) || x <= 0 || (i > 0 && x <= w7Sizes[i - 1])))
)
  die(`--w7-sizes: 1 to 20 increasing positive sizes (e.g. 10000,10000000 or 10k,10M), not ${w7SizesOpt}`)
function parseCount(text) {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*$/.exec(text)
  if (!m) return NaN
  return Math.round(Number(m[1]) * (m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1e3 : 1e6))
}

for (const t of targets) if (!ALL_TARGETS.includes(t)) die(`unknown target ${t} (one of ${ALL_TARGETS.join(", ")})`)
for (const w of workloads) if (!ALL_WORKLOADS.includes(w)) die(`unknown workload ${w}`)

function die(msg) {
  console.error(msg)
  process.exit(2)
}

// 1. bench/ is its own package: install it on first use
if (!existsSync(join(BENCH, "node_modules"))) {
  console.log("installing bench/ (npm ci, first use)...")
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: BENCH, stdio: "inherit" })
  if (r.status !== 0) die("npm ci in bench/ failed")
}

// 2. the runs: every (target, workload) in its own process, repetitions interleaved across targets
const pairs = []
for (const w of workloads) {
  for (const t of targets)
    if (!(TL_ONLY.has(w) && !t.startsWith("training-ledger:")) && !(ONLY_ON[w] && !ONLY_ON[w].has(t)))
      pairs.push([w, t])
  if (w === "W1") for (const t of targets) if (NO_TREE[t] && !targets.includes(NO_TREE[t])) pairs.push([w, NO_TREE[t]])
}

const runChild = (workload, target, rep) =>
  new Promise((resolveRun) => {
    const nodeArgs = ["--import", "tsx"]
    if (cpuProf) {
      // one folder per run: the main thread's profile is CPU.*.<pid>.0.*.cpuprofile (tsx's loader
      // thread writes its own)
      const dir = resolve(cpuProf, `${target.replace(":", "_")}-${workload}-rep${rep}`)
      mkdirSync(dir, { recursive: true })
      nodeArgs.push("--cpu-prof", "--cpu-prof-dir", dir)
    }
    const child = spawn(process.execPath, [...nodeArgs, join(BENCH, "lib", "child.mjs"), target, workload, String(n)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_OPTIONS: "",
        ...(profileTimed ? { BENCH_PROFILE_DIR: resolve(profileTimed) } : {}),
        ...(w7Sizes ? { BENCH_W7_SIZES: w7Sizes.join(",") } : {})
      }
    })
    let stdout = ""
    let stderr = ""
    let pending = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => {
      stderr += d
      // a long fill's progress lines ("[progress] ...") pass through as they come
      pending += d
      const lines = pending.split("\n")
      pending = lines.pop()
      for (const l of lines) if (l.startsWith("[progress] ")) process.stderr.write(`    ${target} ${l.slice(11)}\n`)
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "))
      if (line) return resolveRun(JSON.parse(line.slice(7)))
      resolveRun({
        workload,
        target,
        events_per_s: 0,
        ok: false,
        peak_rss_mb: 0,
        reason: `child exited ${signal ?? code}: ${(stderr || stdout).trim().split("\n").slice(-3).join(" | ")}`.slice(
          0,
          400
        )
      })
    })
  })

const runs = new Map(pairs.map(([w, t]) => [`${w} ${t}`, []]))
const started = Date.now()
if (fromRuns !== undefined) {
  // the tables from a stopped or earlier run's log; lines of pairs not asked for are left out
  for (const line of readFileSync(resolve(fromRuns), "utf8").split("\n")) {
    if (!line.trim()) continue
    const { result } = JSON.parse(line)
    runs.get(`${result.workload} ${result.target}`)?.push(result)
  }
} else {
  writeFileSync(runsLog, "")
  console.log(
    `training-ledger bench: N=${n}, ${reps} rep(s), ${pairs.length} (workload, target) pairs; ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, node ${process.version}${w7Sizes ? `; W7 at ${w7Sizes.map(short).join(", ")} events` : ""}`
  )
  for (let rep = 1; rep <= reps; rep++) {
    for (const [w, t] of pairs) {
      const t0 = Date.now()
      const r = await runChild(w, t, rep)
      runs.get(`${w} ${t}`).push(r)
      appendFileSync(runsLog, JSON.stringify({ rep, seconds: (Date.now() - t0) / 1000, result: r }) + "\n")
      const s = ((Date.now() - t0) / 1000).toFixed(1)
      console.log(
        `  rep ${rep} ${w.padEnd(3)} ${t.padEnd(30)} ${fmt(r.events_per_s).padStart(9)} ev/s ${r.ok ? "ok" : "NOT OK"} (${s}s)${r.ok ? "" : ` ${r.reason ?? ""}`}`
      )
    }
  }
}

// the repetitions the tables stand on (from a log: the most any pair has)
const repsDone = fromRuns === undefined ? reps : Math.max(0, ...[...runs.values()].map((rs) => rs.length))

// 3. medians with min and max
const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return undefined
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const METRICS = ["events_per_s", "appends_per_s", "reads_per_s", "commands_per_s", "p50_ms", "p99_ms", "peak_rss_mb"]
const results = []
for (const [w, t] of pairs) {
  const rs = runs.get(`${w} ${t}`)
  const row = { workload: w, target: t }
  for (const m of METRICS) {
    const v = median(rs.map((r) => r[m]))
    if (v === undefined) continue
    row[m] = round(v)
    const vs = rs.map((r) => r[m]).filter((x) => typeof x === "number")
    if (rs.length > 1) {
      row[`${m}_min`] = round(Math.min(...vs))
      row[`${m}_max`] = round(Math.max(...vs))
    }
  }
  row.ok = rs.every((r) => r.ok)
  row.reps = rs.length
  const reasons = [...new Set(rs.filter((r) => !r.ok && r.reason).map((r) => r.reason))]
  if (reasons.length) row.reason = reasons.join(" / ")
  // workload-specific extras (numbers, and records of numbers such as W7's per size: medians;
  // others: the first rep's), e.g. W5 conflicts, W7 sizes
  const extras = {}
  const numberRecord = (v) =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "number")
  for (const [k, v] of Object.entries(rs[0] ?? {}))
    if (!METRICS.includes(k) && !["workload", "target", "ok", "reason"].includes(k))
      extras[k] =
        typeof v === "number"
          ? round(median(rs.map((r) => r[k])))
          : numberRecord(v)
            ? Object.fromEntries(Object.keys(v).map((key) => [key, round(median(rs.map((r) => r[k]?.[key])))]))
            : v
  if (Object.keys(extras).length) row.details = extras
  results.push(row)
}
function round(v) {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000
}
/** 10000 -> 10k, 10000000 -> 10M */
function short(v) {
  if (v >= 1e6 && v % 1e5 === 0) return `${v / 1e6}M`
  if (v >= 1e3 && v % 100 === 0) return `${v / 1e3}k`
  return String(v)
}
function fmt(v) {
  if (v === undefined || v === null) return "-"
  if (v >= 1000) return Math.round(v).toLocaleString("en-US")
  return String(round(v))
}

// 4. ratios against the issue's targets (ratios of medians in one run)
const get = (w, t) => results.find((r) => r.workload === w && r.target === t)
const ratioRows = []
const ratio = (label, w, t, base, metric, min, baseWorkload = w) => {
  const a = get(w, t)
  const b = get(baseWorkload, base)
  if (!a || !b) return
  const va = a[metric]
  const vb = b[metric]
  if (!va || !vb || !a.ok) {
    ratioRows.push({
      label,
      workload: w,
      target: t,
      vs: `${baseWorkload === w ? "" : baseWorkload + " "}${base}`,
      metric,
      ratio: null,
      min,
      pass: false,
      note: a.ok ? "no figure" : "not ok"
    })
    return
  }
  const r = va / vb
  ratioRows.push({
    label,
    workload: w,
    target: t,
    vs: `${baseWorkload === w ? "" : baseWorkload + " "}${base}`,
    metric,
    ratio: Math.round(r * 100) / 100,
    min,
    pass: r >= min
  })
}
// The targets of issue 12 (speed, round two); W3, W6 and W8 keep the first round's.
const peakRss = (label, w, t, base, max) => {
  const a = get(w, t)
  const b = get(w, base)
  if (!a || !b || !a.peak_rss_mb || !b.peak_rss_mb) return
  const r = a.peak_rss_mb / b.peak_rss_mb
  ratioRows.push({
    label,
    workload: w,
    target: t,
    vs: base,
    metric: "peak_rss_mb",
    ratio: Math.round(r * 100) / 100,
    max,
    pass: r <= max
  })
}
for (const db of ["sqlite", "sqlite-normal", "postgres"]) {
  const tl = `training-ledger:${db}`
  const raw = `raw:${db}`
  const em = db === "sqlite-normal" ? undefined : `emmett:${db}`
  const pgdb = db === "postgres"
  ratio("W1 vs raw", "W1", tl, raw, "events_per_s", pgdb ? 0.75 : 0.6)
  if (NO_TREE[tl]) ratio("W1 with the Merkle tree vs without", "W1", tl, NO_TREE[tl], "events_per_s", 0.9)
  if (em) ratio("W1 vs emmett", "W1", tl, em, "events_per_s", pgdb ? 1.5 : 2.0)
  peakRss("W1 peak RSS vs raw's", "W1", tl, raw, 1.5)
  ratio("W2 vs raw", "W2", tl, raw, "events_per_s", pgdb ? 0.75 : 0.6)
  ratio("W3 vs raw", "W3", tl, raw, "events_per_s", 0.5)
  if (em && pgdb) ratio("W3 vs emmett", "W3", tl, em, "events_per_s", 5)
  ratio("W4 vs raw", "W4", tl, raw, "events_per_s", 0.6)
  if (em) ratio("W4 vs emmett", "W4", tl, em, "events_per_s", 1.5)
  ratio("W5 vs raw", "W5", tl, raw, "events_per_s", pgdb ? 1.0 : 0.5)
  if (em) ratio("W5 vs emmett", "W5", tl, em, "events_per_s", pgdb ? 1.5 : 2.0)
  ratio("W6 vs own W3", "W6", tl, tl, "events_per_s", 0.5, "W3")
  ratio("W8 vs own W1 appends/s", "W8", tl, tl, "appends_per_s", 0.3, "W1")
  if (em && pgdb) ratio("W9 vs emmett", "W9", tl, em, "commands_per_s", 1.5)
  // The same targets for a Promise caller (one runPromise per call, runForEach over readAll).
  const pr = `training-ledger-promise:${db}`
  if (!targets.includes(pr)) continue
  ratio("Promise caller: W1 vs raw", "W1", pr, raw, "events_per_s", pgdb ? 0.75 : 0.6)
  if (em) ratio("Promise caller: W1 vs emmett", "W1", pr, em, "events_per_s", pgdb ? 1.5 : 2.0)
  ratio("Promise caller: W2 vs raw", "W2", pr, raw, "events_per_s", pgdb ? 0.75 : 0.6)
  ratio("Promise caller: W3 vs raw", "W3", pr, raw, "events_per_s", 0.5)
  ratio("Promise caller: W4 vs raw", "W4", pr, raw, "events_per_s", 0.6)
  if (em) ratio("Promise caller: W4 vs emmett", "W4", pr, em, "events_per_s", 1.5)
  ratio("Promise caller: W5 vs raw", "W5", pr, raw, "events_per_s", pgdb ? 1.0 : 0.5)
  if (em) ratio("Promise caller: W5 vs emmett", "W5", pr, em, "events_per_s", pgdb ? 1.5 : 2.0)
}
for (const db of ["sqlite", "sqlite-normal", "postgres"]) {
  const tl = `training-ledger:${db}`
  const m = get("MEM", tl)
  if (m?.details?.rss_growth_mb !== undefined) {
    const g = m.details.rss_growth_mb
    ratioRows.push({
      label: `MEM RSS growth over ${m.details.events} events (MB)`,
      workload: "MEM",
      target: tl,
      vs: "-",
      metric: "rss_growth_mb",
      ratio: g,
      max: 150,
      pass: g <= 150
    })
  }
  const w7 = get("W7", tl)
  if (w7?.details?.p50_ms_at && w7.ok) {
    const sizes = Object.keys(w7.details.p50_ms_at)
      .map(Number)
      .sort((a, b) => a - b)
    const lo = w7.details.p50_ms_at[sizes[0]]
    const hi = w7.details.p50_ms_at[sizes[sizes.length - 1]]
    const r = hi / lo
    ratioRows.push({
      label: `W7 p50 at ${short(sizes[sizes.length - 1])} / at ${short(sizes[0])}`,
      workload: "W7",
      target: tl,
      vs: "itself",
      metric: "p50_ms",
      ratio: Math.round(r * 100) / 100,
      max: 1.3,
      pass: r <= 1.3
    })
  }
}

// 5. the table
const header = ["workload", "target", "events/s", "appends/s", "reads/s", "p50 ms", "p99 ms", "peak RSS MB", "ok"]
const rowsOut = results.map((r) => [
  r.workload,
  r.target,
  r.workload === "W7"
    ? "-"
    : r.events_per_s_min !== undefined
      ? `${fmt(r.events_per_s)} (${fmt(r.events_per_s_min)}-${fmt(r.events_per_s_max)})`
      : fmt(r.events_per_s),
  fmt(r.appends_per_s),
  fmt(r.reads_per_s),
  r.p50_ms === undefined ? "-" : r.p50_ms.toFixed(3),
  r.p99_ms === undefined ? "-" : r.p99_ms.toFixed(3),
  fmt(r.peak_rss_mb),
  r.ok
    ? r.details?.gave_up
      ? `yes (${r.details.gave_up} gave up)`
      : "yes"
    : `NO: ${String(r.reason ?? "").slice(0, 80)}`
])
const table = markdownTable(header, rowsOut)
const ratioTable = markdownTable(
  ["check", "target", "vs", "ratio", "goal", "pass"],
  ratioRows.map((r) => [
    r.label,
    r.target,
    r.vs,
    r.ratio === null ? "-" : String(r.ratio),
    r.max !== undefined ? `<= ${r.max}` : `>= ${r.min}`,
    r.pass ? "pass" : `FAIL${r.note ? ` (${r.note})` : ""}`
  ])
)
// W7 per log size: latency, the fill before it and, at the end, the database on disk
const w7Rows = []
for (const r of results) {
  const d = r.workload === "W7" ? r.details : undefined
  if (!d?.p50_ms_at) continue
  const sizes = Object.keys(d.p50_ms_at)
    .map(Number)
    .sort((a, b) => a - b)
  for (const [i, size] of sizes.entries())
    w7Rows.push([
      r.target,
      fmt(size),
      d.p50_ms_at[size].toFixed(3),
      d.p99_ms_at[size].toFixed(3),
      d.fill_s_at?.[size] === undefined ? "-" : String(d.fill_s_at[size]),
      fmt(d.fill_events_per_s_at?.[size]),
      i === sizes.length - 1 && d.db_mb !== undefined ? fmt(d.db_mb) : ""
    ])
}
const w7Table = w7Rows.length
  ? markdownTable(["W7 target", "log size", "p50 ms", "p99 ms", "fill s", "fill ev/s", "DB MB at end"], w7Rows)
  : ""
function markdownTable(h, rows) {
  const widths = h.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`
  return [line(h), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n")
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}, node ${process.version}`
console.log(
  `\nN=${n} events, ${repsDone} rep(s), medians (min-max); ${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s\n`
)
console.log(table)
console.log("\nratios of medians against the targets of the benchmark issue\n")
console.log(ratioTable)
if (w7Table) console.log(`\nW7 per log size (medians)\n\n${w7Table}`)

writeFileSync(out, JSON.stringify(results, null, 2) + "\n")
writeFileSync(
  out.replace(/\.json$/, ".md"),
  `N=${n} events, ${repsDone} rep(s), medians (min-max); ${machine}\n\n${table}\n\n${ratioTable}\n${w7Table ? `\n${w7Table}\n` : ""}`
)
console.log(`\nwrote ${out}`)
