/** Runs `racer.ts` in its own node process and resolves with its summary line. */
import { Effect } from "effect"
import { spawn } from "node:child_process"

export interface RacerSummary {
  readonly appended: number
  readonly conflicts: number
}

export const racerProcess = (
  kind: "pg" | "sqlite",
  target: string,
  racerId: number,
  fibers: number,
  appends: number,
  streams: ReadonlyArray<string>
) =>
  Effect.async<RacerSummary, Error>((resume) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/adapters/support/racer.ts",
        kind,
        target,
        String(racerId),
        String(fibers),
        String(appends),
        ...streams
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] }
    )
    let out = ""
    let err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("exit", (code) =>
      resume(
        code === 0
          ? Effect.try({
              try: () => JSON.parse(out.trim().split("\n").pop()!) as RacerSummary,
              catch: (e) => new Error(`racer ${racerId} printed no summary: ${String(e)}: ${out} ${err}`)
            })
          : Effect.fail(new Error(`racer ${racerId} exited with ${code}: ${err}`))
      )
    )
    return Effect.sync(() => void child.kill())
  })
