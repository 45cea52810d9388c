/**
 * The built bin, run as a user runs it: `node dist/cli/main.js ...` in a child process, with
 * NO_COLOR and without TRAINING_LEDGER_DB / TRAINING_LEDGER_LANG unless a test gives them.
 *
 * `ensureBuilt()` runs `npm run build` once for all the command-line test files: a lock directory
 * keeps two files from building at once, and a stamp newer than every source file skips a build
 * that is already current (CI starts without dist/, so it always builds there).
 */
import { execFile, execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const bin = join(root, "dist", "cli", "main.js")
const stamp = join(root, "dist", ".cli-test-build")
const lock = join(root, ".tmp", "cli-test-build.lock")

const newest = (path: string): number => {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

const sources = () =>
  Math.max(
    newest(join(root, "src")),
    ...["package.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.mjs"].map((f) => newest(join(root, f)))
  )

const current = () => existsSync(stamp) && existsSync(bin) && statSync(stamp).mtimeMs > sources()

/** Builds dist/ unless it is current; safe to call from several test files at once. */
export const ensureBuilt = async (): Promise<void> => {
  mkdirSync(join(root, ".tmp"), { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (!current()) {
      execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "pipe" })
      writeFileSync(stamp, new Date().toISOString())
    }
  } finally {
    rmdirSync(lock)
  }
}

export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly stdin?: string
  readonly cwd?: string
}

const baseEnv = () => {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" }
  delete env.TRAINING_LEDGER_DB
  delete env.TRAINING_LEDGER_LANG
  delete env.FORCE_COLOR
  return env
}

/**
 * Runs the bin. Every run is checked for what must never happen: `[object Object]` anywhere, or
 * a failure without a `<tag>: <message>` line on stderr.
 */
export const cli = (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> =>
  new Promise<Run>((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: options.cwd ?? root,
        env: { ...baseEnv(), ...options.env },
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr })
    )
    child.stdin?.end(options.stdin ?? "")
  }).then((run) => {
    const label = `training-ledger ${args.join(" ")}`
    expect(run.stdout + run.stderr, label).not.toContain("[object Object]")
    if (run.code !== 0) expect(run.stderr, `${label} exited ${run.code}`).toMatch(/^[A-Z][A-Za-z]+: \S.*$/m)
    return run
  })

/** The `<tag>` of the error line on stderr. */
export const errorTag = (run: Run): string | undefined => /^([A-Z][A-Za-z]+): /m.exec(run.stderr)?.[1]
