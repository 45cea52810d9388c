/**
 * Read options decoded by Schema before any store touches them, so every store refuses the same
 * malformed options with the same `InvalidReadOptions` (a NaN bound, a negative version, a
 * fractional batch size), instead of a defect, an empty result or a database error.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidReadOptions, type ReadAllOptions, type ReadStreamOptions } from "../../ports/EventStore.js"

const Bound = Schema.Number.pipe(
  Schema.filter((n) => (Number.isSafeInteger(n) && n >= 1) || "a positive integer (1, 2, 3 ...)")
)
const BatchSize = Schema.Number.pipe(
  Schema.filter((n) => (Number.isSafeInteger(n) && n >= 1 && n <= 10_000) || "an integer from 1 to 10000")
)

const StreamOptions = Schema.UndefinedOr(
  Schema.Struct({ fromVersion: Schema.optional(Bound), toVersion: Schema.optional(Bound) })
).annotations({ message: () => "an object with fromVersion and toVersion, or nothing" })

const AllOptions = Schema.UndefinedOr(
  Schema.Struct({
    fromPosition: Schema.optional(Bound),
    toPosition: Schema.optional(Bound),
    batchSize: Schema.optional(BatchSize)
  })
).annotations({ message: () => "an object with fromPosition, toPosition and batchSize, or nothing" })

const refuse = (error: ParseResult.ParseError) => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return new InvalidReadOptions({
    field: issue === undefined || issue.path.length === 0 ? "options" : issue.path.map(String).join("."),
    rule: issue?.message ?? "well-formed read options"
  })
}

/** @internal */
export const stream = (
  options: ReadStreamOptions | undefined
): Effect.Effect<{ readonly from: number; readonly to: number }, InvalidReadOptions> =>
  Effect.map(Effect.mapError(Schema.decodeUnknown(StreamOptions)(options), refuse), (o) => ({
    from: o?.fromVersion ?? 1,
    to: o?.toVersion ?? Number.MAX_SAFE_INTEGER
  }))

/** @internal */
export const all = (
  options: ReadAllOptions | undefined
): Effect.Effect<{ readonly from: number; readonly to: number; readonly batchSize: number }, InvalidReadOptions> =>
  Effect.map(Effect.mapError(Schema.decodeUnknown(AllOptions)(options), refuse), (o) => ({
    from: o?.fromPosition ?? 1,
    to: o?.toPosition ?? Number.MAX_SAFE_INTEGER,
    batchSize: o?.batchSize ?? 1000
  }))
