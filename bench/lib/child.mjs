// One (target, workload, rep) in its own process: `node --import tsx bench/lib/child.mjs TARGET WORKLOAD N`.
// Prints one line `RESULT {json}` on stdout.
const [target, workload, nArg] = process.argv.slice(2)
const n = Number(nArg)

const load = async () => {
  switch (target) {
    case "raw:sqlite":
      return (await import("../targets/raw-sqlite.mjs")).make({ synchronous: "FULL" })
    case "raw:sqlite-normal":
      return (await import("../targets/raw-sqlite.mjs")).make({ synchronous: "NORMAL" })
    case "raw:postgres":
      return (await import("../targets/raw-postgres.mjs")).make()
    case "emmett:sqlite":
      return (await import("../targets/emmett-sqlite.mjs")).make()
    case "emmett:postgres":
      return (await import("../targets/emmett-postgres.mjs")).make()
    case "training-ledger-promise:sqlite":
      return (await import("../targets/training-ledger-promise.ts")).make("sqlite")
    case "training-ledger-promise:postgres":
      return (await import("../targets/training-ledger-promise.ts")).make("postgres")
    default:
      return undefined
  }
}

const main = async () => {
  let result
  try {
    if (workload === "W9") {
      // the writer fleet: this process is its parent, spawning the fleet's own processes
      const { run } = await import("../w9/fleet.ts")
      result = await run(target, n)
    } else if (target.startsWith("training-ledger:")) {
      const { run } = await import("../targets/training-ledger.ts")
      result = await run(target.slice("training-ledger:".length), workload, n)
    } else {
      const { runWorkload } = await import("./workloads.mjs")
      const t = await load()
      if (!t) throw new Error(`unknown target ${target}`)
      result = await runWorkload(t, workload, n)
    }
  } catch (e) {
    result = {
      events_per_s: 0,
      ok: false,
      reason: String(e?.stack ?? e)
        .split("\n")
        .slice(0, 4)
        .join(" | ")
        .slice(-1500)
    }
  }
  const peak_rss_mb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(`RESULT ${JSON.stringify({ workload, target, ...result, peak_rss_mb })}\n`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  }
)
