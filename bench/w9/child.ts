// One process of the W9 fleet: `node --import tsx bench/w9/child.ts TARGET N PROCESS URL`, spawned
// by fleet.ts with an IPC channel. It opens its target, says "ready", starts its executors on
// "go" (the fleet's common start) and sends back its report.
import * as Commands from "./commands.ts"
import type { Report, RunExecutors } from "./executor.ts"

const [target, nArg, processArg, url] = process.argv.slice(2)
const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()))

const barrier = () =>
  new Promise<void>((resolve) => {
    process.once("message", () => resolve())
    void send("ready")
  })

const main = async () => {
  const shares = Commands.shares(Commands.plan(Number(nArg)), Number(processArg))
  const { run }: { run: RunExecutors } =
    target === "training-ledger:postgres" ? await import("./ledger.ts") : await import("./emmett.ts")
  const report: Report = await run(url, shares, barrier)
  await send({ report })
}

main().then(
  () => process.exit(0),
  async (e) => {
    await send({ error: String(e?.stack ?? e).slice(0, 1500) })
    process.exit(1)
  }
)
