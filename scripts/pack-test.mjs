// The package as a user gets it: `npm pack`, then the tarball installed into empty projects with
// only the peers the README names for each use, each run as that user would.
//
//   1. SQLite + Promise API:  effect @effect/sql @effect/platform @effect/sql-sqlite-node
//      - imports ".", "./promise" and "./sqlite", records and reads a program on a SQLite file;
//      - the bin without the command line's peers says which packages to install (exit 2);
//      - with @effect/cli and @effect/platform-node added, `training-ledger --help` works.
//   2. PostgreSQL only:       effect @effect/sql @effect/platform @effect/sql-pg (no SQLite driver)
//      - imports "." and "./promise" without better-sqlite3 installed;
//      - a sqlite: URL is refused with MissingPeerDependency naming @effect/sql-sqlite-node;
//      - when TRAINING_LEDGER_TEST_PG_URL answers, records a program on PostgreSQL (a fresh schema).
//
// Run by .ci/run after the tests (`npm run test:package`); takes a minute or two, most of it
// better-sqlite3 building from source.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const version = (name) => pkg.devDependencies[name]
const work = mkdtempSync(join(tmpdir(), "training-ledger-pack-"))
const keep = process.argv.includes("--keep")
let failures = 0

const sh = (cwd, cmd, args, options = {}) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options })
const check = (label, ok, detail = "") => {
  console.log(`${ok ? "ok  " : "FAIL"} ${label}${ok || detail === "" ? "" : `\n     ${detail}`}`)
  if (!ok) failures++
}

try {
  console.log(`packing ${pkg.name}@${pkg.version} (prepack builds dist/) ...`)
  const tarball = join(work, sh(root, "npm", ["pack", "--silent", "--pack-destination", work]).trim().split("\n").pop())
  const listing = sh(root, "tar", ["-tzf", tarball])
  check(
    "the tarball ships dist/ with the bin and the SQL files",
    listing.includes("package/dist/cli/main.js") &&
      listing.includes("package/dist/adapters/sql/pg/0001_event_log.sql") &&
      listing.includes("package/dist/promise.js")
  )
  check("the tarball ships no tests", !listing.includes("package/test/"))

  const project = (name, deps) => {
    const dir = join(work, name)
    sh(work, "mkdir", ["-p", dir])
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, type: "module" }))
    console.log(`installing into ${name}: training-ledger ${deps.join(" ")} ...`)
    sh(
      dir,
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, ...deps.map((d) => `${d}@${version(d)}`)],
      {
        stdio: ["ignore", "pipe", "inherit"]
      }
    )
    return dir
  }
  const node = (dir, code, env = {}) => {
    writeFileSync(join(dir, "main.mjs"), code)
    try {
      return { code: 0, out: sh(dir, process.execPath, ["main.mjs"], { env: { ...process.env, ...env } }) }
    } catch (e) {
      return { code: e.status, out: String(e.stdout) + String(e.stderr) }
    }
  }
  const bin = (dir, ...args) => {
    try {
      return {
        code: 0,
        out: sh(dir, join(dir, "node_modules/.bin/training-ledger"), args, { env: { ...process.env, NO_COLOR: "1" } })
      }
    } catch (e) {
      return { code: e.status, out: String(e.stdout) + String(e.stderr) }
    }
  }
  const program = `
    const context = { actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" }, source: "user", commandId: "c-" + Date.now() }
    const drafted = { _tag: "DraftProgram", programId: PROGRAM, occurredAt: "2024-08-20T02:00:00Z",
      title: "Bimtek Wirausaha Baru IKM Batik", category: "pembinaan-kemandirian", facility: "LPCIP", timeZone: "Asia/Jakarta",
      venue: "BLK Lapas Kelas I Cipinang", plannedStart: "2024-09-03", plannedEnd: "2024-09-07", capacity: 25,
      eligibleKinds: ["inmate", "officer"], completionPolicy: { minAttendanceRatio: 0.8, excusedAbsencesLeaveDenominator: true,
      requiredAssessments: "all", requireEnrollmentCompleted: true, allowParticipationCertificate: false },
      certificateType: "completion", certificateNumberTemplate: "{seq:3}/SERT-BLK/{facility}/{romanMonth}/{year}" }
  `

  // 1. SQLite + Promise API
  const sqliteUser = project("sqlite-user", ["effect", "@effect/sql", "@effect/platform", "@effect/sql-sqlite-node"])
  const one = node(
    sqliteUser,
    `
    import * as Root from "training-ledger"
    import { Sqlite } from "training-ledger/sqlite"
    import { openLedger } from "training-ledger/promise"
    const PROGRAM = "pack-test"
    ${program}
    if (typeof Root.Ledger.layer !== "function" || typeof Sqlite.layerWithClient !== "function") throw new Error("exports missing")
    const ledger = await openLedger({ url: "sqlite:./ledger.sqlite" })
    await ledger.execute(drafted, context)
    const history = await ledger.history(PROGRAM)
    const report = await ledger.verify()
    await ledger.close()
    console.log(JSON.stringify({ events: history.length, verify: report._tag }))
  `
  )
  check(
    "sqlite user: imports ., ./sqlite and ./promise and records a program",
    one.code === 0 && one.out.includes('"verify":"Intact"'),
    one.out
  )
  const internal = node(
    sqliteUser,
    `import("training-ledger/internal/x").then(() => console.log("open"), (e) => console.log(e.code))`
  )
  check("./internal/* is not exported", internal.out.includes("ERR_PACKAGE_PATH_NOT_EXPORTED"), internal.out)
  const noCli = bin(sqliteUser, "--help")
  check(
    "the bin without its peers names the packages to install (exit 2)",
    noCli.code === 2 && noCli.out.includes("npm install @effect/cli @effect/platform-node"),
    noCli.out
  )
  sh(sqliteUser, "npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    `@effect/cli@${version("@effect/cli")}`,
    `@effect/platform-node@${version("@effect/platform-node")}`
  ])
  const help = bin(sqliteUser, "--help")
  check(
    "training-ledger --help runs from the installed bin",
    help.code === 0 && help.out.includes("training-ledger"),
    help.out
  )
  const verify = bin(sqliteUser, "verify", "--db", "sqlite:./ledger.sqlite")
  check("training-ledger verify reads the file the Promise API wrote", verify.code === 0, verify.out)

  // 2. PostgreSQL only: no better-sqlite3 in the tree
  const pgUser = project("postgres-user", ["effect", "@effect/sql", "@effect/platform", "@effect/sql-pg"])
  const sqliteAbsent = node(
    pgUser,
    `import("better-sqlite3").then(() => console.log("present"), () => console.log("absent"))`
  )
  check("postgres user: better-sqlite3 is not installed", sqliteAbsent.out.trim() === "absent", sqliteAbsent.out)
  const two = node(
    pgUser,
    `
    import * as Root from "training-ledger"
    import { openLedger } from "training-ledger/promise"
    const refused = await openLedger({ url: "sqlite:./x.sqlite" }).then(() => "opened", (e) => e._tag + ": " + e.message)
    const memory = await openLedger({ url: "memory:" })
    await memory.close()
    console.log(JSON.stringify({ refused, root: typeof Root.Program.decide }))
  `
  )
  check(
    "postgres user: imports . and ./promise without the SQLite driver",
    two.code === 0 && two.out.includes('"root":"function"'),
    two.out
  )
  check(
    "postgres user: a sqlite: URL names the package to install",
    two.out.includes("MissingPeerDependency") && two.out.includes("@effect/sql-sqlite-node"),
    two.out
  )
  const pgUrl = process.env.TRAINING_LEDGER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
  const schema = `tl_pack_${process.pid}`
  const three = node(
    pgUser,
    `
    import { openLedger } from "training-ledger/promise"
    import pg from "pg"
    const admin = new pg.Client({ connectionString: process.env.PG })
    await admin.connect()
    await admin.query("CREATE SCHEMA ${schema}")
    try {
      const PROGRAM = "pack-test-pg"
      ${program}
      const ledger = await openLedger({ url: process.env.PG + "?options=" + encodeURIComponent("-c search_path=${schema}") })
      await ledger.execute(drafted, context)
      console.log(JSON.stringify({ verify: (await ledger.verify())._tag, events: (await ledger.history(PROGRAM)).length }))
      await ledger.close()
    } finally {
      await admin.query("DROP SCHEMA ${schema} CASCADE")
      await admin.end()
    }
  `,
    { PG: pgUrl }
  )
  const required = process.env.TRAINING_LEDGER_REQUIRE_PG === "1" || process.env.CI === "true"
  if (three.code !== 0 && !required && /ECONNREFUSED|ENOTFOUND/.test(three.out)) {
    console.log(`skip postgres user: records a program on PostgreSQL (unreachable at ${pgUrl})`)
  } else {
    check(
      "postgres user: records a program on PostgreSQL",
      three.code === 0 && three.out.includes('"verify":"Intact"'),
      three.out
    )
  }
} finally {
  if (keep) console.log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
console.log(failures === 0 ? "package: all checks passed" : `package: ${failures} check(s) FAILED`)
process.exit(failures === 0 ? 0 : 1)
