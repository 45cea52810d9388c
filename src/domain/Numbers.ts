/**
 * Numbers that a command may carry. `Schema.Number` accepts `NaN` and `±Infinity`, which JSON
 * cannot hold: such a value would pass every `<` and `>=` check the wrong way and then fail the
 * append as "not JSON". These schemas refuse them at the door.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

const AnyNumber = Schema.Number.annotations({ message: () => "must be a number" })

/**
 * A finite number: not `NaN`, not `Infinity`, not `-Infinity`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const FiniteNumber = AnyNumber.pipe(
  Schema.finite({ message: () => "must be a finite number (NaN and Infinity cannot be recorded)" })
)

/**
 * A whole number within the range JavaScript counts exactly (a safe integer).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Integer = FiniteNumber.pipe(Schema.int({ message: () => "must be a whole number" }))
