/**
 * Given/when/then for the Program decider: `given(events).when(command).then(events)` or
 * `.thenFails("AttendanceBelowThreshold")`. Events are compared in their stored (encoded) form.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { expect } from "vitest"
import { replay } from "../../src/domain/Decider.js"
import * as Program from "../../src/domain/Program.js"

const encodeEvents = Schema.encodeSync(Schema.Array(Program.Event))

export const given = (events: ReadonlyArray<Program.Event>) => ({
  when: (command: Program.Command) => {
    const state = replay(Program.decider, events)
    const result = Program.decide(command, state)
    return {
      result,
      state,
      then: (expected: ReadonlyArray<Program.Event>): ReadonlyArray<Program.Event> => {
        if (Either.isLeft(result)) expect.fail(`expected events, got ${result.left._tag}: ${result.left.message}`)
        expect(encodeEvents(result.right)).toEqual(encodeEvents(expected))
        return result.right
      },
      thenEmits: (...tags: ReadonlyArray<Program.Event["_tag"]>): ReadonlyArray<Program.Event> => {
        if (Either.isLeft(result)) expect.fail(`expected events, got ${result.left._tag}: ${result.left.message}`)
        expect(result.right.map((e) => e._tag)).toEqual(tags)
        return result.right
      },
      thenFails: <T extends Program.ProgramError["_tag"]>(tag: T): Extract<Program.ProgramError, { _tag: T }> => {
        if (Either.isRight(result))
          expect.fail(`expected ${tag}, got events ${result.right.map((e) => e._tag).join(", ")}`)
        expect(result.left._tag).toBe(tag)
        return result.left as Extract<Program.ProgramError, { _tag: T }>
      }
    }
  }
})

/** Runs commands through decide/evolve, failing on the first rejection; returns the events. */
export const run = (
  commands: ReadonlyArray<Program.Command>,
  from: Program.State = Program.initialState
): { readonly events: ReadonlyArray<Program.Event>; readonly state: Program.State } => {
  let state = from
  const events: Array<Program.Event> = []
  for (const command of commands) {
    const result = Program.decide(command, state)
    if (Either.isLeft(result)) expect.fail(`${command._tag} rejected: ${result.left._tag}: ${result.left.message}`)
    for (const event of result.right) {
      events.push(event)
      state = Program.evolve(state, event)
    }
  }
  return { events, state }
}
