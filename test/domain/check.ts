/**
 * `fc.assert` for the long property runs, yielding to the event loop before each run: a run of
 * hundreds of generated programs blocks for tens of seconds on a busy machine, and vitest's
 * worker must still answer its runner meanwhile (else: `Timeout calling "onTaskUpdate"`).
 */
import { FastCheck as fc } from "effect"

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

export const check = <A>(
  arbitrary: fc.Arbitrary<A>,
  body: (a: A) => void,
  parameters: fc.Parameters<[A]> = {}
): Promise<void> =>
  fc.assert(
    fc.asyncProperty(arbitrary, async (a) => {
      await turn()
      body(a)
    }),
    parameters
  )
