/**
 * The options of a read of the whole log from outside (the Promise API's `events` and
 * `foldEvents`): `fromPosition`, `toPosition` (inclusive, positive integers) and `batchSize` (1 to
 * 10,000), each optional, decoded by Schema before any store is asked. A malformed or misspelt
 * option is an `InvalidReadOptions` naming the field and the rule, never a silent default.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { InvalidReadOptions, type ReadAllOptions } from "../ports/EventStore.js"
import * as Decode from "./Decode.js"

const positive = "a positive integer (1, 2, 3 ...)"
const batch = "an integer from 1 to 10000"

/** An optional number whose every failure (not a number, out of range) reads as `rule`. */
const optionalNumber = (rule: string, valid: (n: number) => boolean) =>
  Schema.optionalWith(
    Schema.UndefinedOr(Schema.Number.pipe(Schema.filter((n) => valid(n) || rule))).annotations({
      message: () => rule
    }),
    { exact: true }
  )

/**
 * @since 0.2.0
 * @category schemas
 */
export const LogReadOptions = Schema.UndefinedOr(
  Schema.Struct({
    fromPosition: optionalNumber(positive, (n) => Number.isSafeInteger(n) && n >= 1),
    toPosition: optionalNumber(positive, (n) => Number.isSafeInteger(n) && n >= 1),
    batchSize: optionalNumber(batch, (n) => Number.isSafeInteger(n) && n >= 1 && n <= 10_000)
  })
).annotations({ message: () => "an object with fromPosition, toPosition and batchSize, or nothing" })

const decodeEither = Decode.decode(LogReadOptions, { whole: "options", onExcessProperty: "error" })

/**
 * The options, or `InvalidReadOptions` naming the first field at fault (`batchSize`,
 * `fromPositon` for a misspelt one, `options` for input that is not an object) and its rule.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<ReadAllOptions, InvalidReadOptions> => {
  const decoded = decodeEither(input)
  return decoded._tag === "Right"
    ? Effect.succeed(decoded.right ?? {})
    : Effect.fail(new InvalidReadOptions({ field: decoded.left[0].field, rule: decoded.left[0].rule }))
}
