/**
 * A process that records through the Ledger until it is killed: the program's setup, then every
 * attendance mark, 4 executors at once, each command with a deterministic id. It prints
 * `ack <commandId>` after each command the Ledger answered, so the test knows what was
 * acknowledged before the kill -9.
 *
 * node --import tsx test/crash/writer.ts <store url> <programId> <participants> <sessions>
 */
import { Effect } from "effect"
import { markJson, setupJson } from "../../examples/scenario/attendanceProgram.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as Requests from "../../src/ledger/Requests.js"
import * as Stores from "../../src/stores/Stores.js"
import { commandsOf, contextOf } from "./commands.js"

const [url, programId, participants, sessions] = process.argv.slice(2)

const program = Effect.gen(function* () {
  const ledger = yield* Ledger.Ledger
  const { marks, setup } = commandsOf(programId, Number(participants), Number(sessions), setupJson, markJson)
  const run = (command: { readonly id: string; readonly json: unknown }) =>
    Effect.gen(function* () {
      const decoded = yield* Requests.decode(command.json)
      yield* ledger.execute(decoded, contextOf(command.id))
      process.stdout.write(`ack ${command.id}\n`)
    })
  for (const command of setup) yield* run(command)
  yield* Effect.forEach(marks, run, { concurrency: 4, discard: true })
  process.stdout.write("done\n")
})

Effect.runPromise(Effect.provide(program, Stores.layerLedger(url))).catch((error) => {
  process.stderr.write(`writer failed: ${error?._tag ?? ""} ${error?.message ?? error}\n`)
  process.exit(1)
})
