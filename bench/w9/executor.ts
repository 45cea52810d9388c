// What one process of the W9 fleet reports, whatever the target: per command its latency and
// whether it was acknowledged; conflicts (appends the store refused for the stream's version),
// retries (re-executions of a command) and the commands that ran out of retries.
import type { Planned } from "./commands.ts"

export interface Report {
  /** Milliseconds per command, acknowledged or not. */
  readonly latencies: Array<number>
  /** Plan indices of the acknowledged commands. */
  readonly acked: Array<number>
  conflicts: number
  retries: number
  gaveUp: number
  errors: number
  readonly errorSamples: Array<string>
  /** CPU time of the process (user + system) from the common start to its last command. */
  cpuMs: number
}

export const emptyReport = (): Report => ({
  latencies: [],
  acked: [],
  conflicts: 0,
  retries: 0,
  gaveUp: 0,
  errors: 0,
  errorSamples: [],
  cpuMs: 0
})

/** Wraps the barrier so that the report gets the process's CPU time from the common start on. */
export const timed = (report: Report, barrier: () => Promise<void>) => {
  let start: NodeJS.CpuUsage | undefined
  return {
    barrier: () => barrier().then(() => void (start = process.cpuUsage())),
    stop: () => {
      const used = process.cpuUsage(start)
      report.cpuMs = (used.user + used.system) / 1000
    }
  }
}

export const recordError = (report: Report, message: string) => {
  report.errors++
  if (report.errorSamples.length < 3) report.errorSamples.push(message.slice(0, 300))
}

/**
 * One process's side of a target: its executors run their shares (one list per executor, each
 * in order) once `barrier` resolves, the fleet's common start.
 */
export type RunExecutors = (
  url: string,
  shares: ReadonlyArray<ReadonlyArray<Planned>>,
  barrier: () => Promise<void>
) => Promise<Report>
