/**
 * Text that comes from outside (an officer's note, an id, a zone name): the rules every string
 * of a command obeys before the domain sees it. Each rule refuses with words a person can act
 * on and never repeats the text it refuses (it may be long, or personal).
 *
 * Why these rules: U+0000 and lone surrogates are not text. PostgreSQL refuses U+0000 in `text`
 * and `jsonb`, and a lone surrogate has no UTF-8 form, so either would fail the append deep in
 * the store, or be recorded differently on each store. A bound keeps one command from filling
 * the log.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

// U+0000, or a UTF-16 code unit in D800-DFFF not paired with its other half: with the `u` flag a
// well-formed pair reads as one code point, so `\p{Cs}` matches only the lone halves
const notText = /[\u0000\p{Cs}]/u

/**
 * Whether a string holds only text: no U+0000 and no lone surrogate.
 *
 * @since 0.2.0
 * @category predicates
 */
export const isCleanText = (s: string): boolean => !notText.test(s)

/**
 * The words of the clean-text rule.
 *
 * @since 0.2.0
 * @category rules
 */
export const cleanTextRule = "must be text without U+0000 or lone surrogates"

/**
 * A string, refusing anything else with "must be text".
 *
 * @since 0.2.0
 * @category schemas
 */
export const AnyString = Schema.String.annotations({ message: () => "must be text (a string)" })

/**
 * A string of `min` to `max` characters (UTF-16 code units) that is clean text. The length is
 * checked first, so an over-long string is refused before it is scanned.
 *
 * @since 0.2.0
 * @category constructors
 */
export const bounded = (min: number, max: number) =>
  AnyString.pipe(
    Schema.filter((s) => s.length <= max, { message: () => `must be at most ${max} characters long` }),
    Schema.filter(isCleanText, { message: () => cleanTextRule }),
    Schema.filter((s) => s.length >= min, {
      message: () => (min === 1 ? "must not be empty" : `must be at least ${min} characters long`)
    })
  )

/**
 * The longest free text an officer types (a note, a reason, a title): 2,000 characters.
 *
 * @since 0.2.0
 * @category rules
 */
export const maxTextLength = 2000

/**
 * The longest id: 128 characters.
 *
 * @since 0.2.0
 * @category rules
 */
export const maxIdLength = 128
