// Profiles only the timed part of a run: with BENCH_PROFILE_DIR set (run.mjs --profile-timed DIR),
// the child starts the V8 profiler when the timed phase starts and writes
// DIR/<target>-<workload>.cpuprofile when it ends. A no-op otherwise.
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const dir = process.env.BENCH_PROFILE_DIR
let session

export const startTimed = async () => {
  if (!dir) return
  const { Session } = await import("node:inspector")
  session = new Session()
  session.connect()
  const post = (m, p) => new Promise((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))))
  await post("Profiler.enable")
  await post("Profiler.setSamplingInterval", { interval: 200 })
  await post("Profiler.start")
}

export const stopTimed = async () => {
  if (!dir || !session) return
  const { profile } = await new Promise((res, rej) => session.post("Profiler.stop", (e, r) => (e ? rej(e) : res(r))))
  mkdirSync(dir, { recursive: true })
  const [target, workload] = process.argv.slice(2)
  writeFileSync(join(dir, `${target.replace(":", "_")}-${workload}.cpuprofile`), JSON.stringify(profile))
  session.disconnect()
  session = undefined
}
