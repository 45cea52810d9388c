import * as Either from "effect/Either"
import { FastCheck as fc } from "effect"
import { it } from "vitest"
import * as Program from "../../src/domain/Program.js"
import { commandSequenceArb } from "./arbitraries.js"
it("diag", () => {
  const counts: Record<string, number> = {}
  const status: Record<string, number> = {}
  for (const commands of fc.sample(commandSequenceArb, 300)) {
    let state = Program.initialState
    for (const c of commands) {
      const r = Program.decide(c, state)
      const k = `${c._tag} -> ${Either.isLeft(r) ? r.left._tag : "ok"}`
      counts[k] = (counts[k] ?? 0) + 1
      if (Either.isRight(r)) for (const e of r.right) state = Program.evolve(state, e)
    }
    status[state.status] = (status[state.status] ?? 0) + 1
  }
  console.log(
    status,
    Object.entries(counts)
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n")
  )
})
