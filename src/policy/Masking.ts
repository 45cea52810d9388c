/**
 * How personal data appears to a reader: in clear when the policy lets the reader's role see the
 * field, masked (names) or hidden (identity numbers) when not, `[erased]` when the person's key
 * is gone. The one masking function of the project: reports, the demo and the CLI use this.
 *
 * @since 0.2.0
 */
import { Erased } from "../privacy/Erased.js"
import type { PersonalFieldName } from "../privacy/PersonalField.js"
import { ErasedName } from "../registry/Participant.js"

/**
 * What a hidden identity number (NIK, NIP, inmate number) shows.
 *
 * @since 0.2.0
 * @category constants
 */
export const Hidden = "[hidden]"

/**
 * Masks a name: in each word the first letter or digit stays, every further letter or digit
 * becomes `*`, punctuation stays (`Pujiati Citra Sari` -> `P****** C**** S***`, `(fiktif)` ->
 * `(f*****)`). The length of each word stays visible, so an officer can match a masked row
 * against the paper register in the room; nothing else of the name does. Characters are counted
 * as Unicode code points, words are separated by white space (collapsed). `[erased]` stays as it
 * is. The one masking function: the read models, the reports, the command line and the demo.
 *
 * @since 0.2.0
 * @category masking
 */
export const mask = (name: string): string =>
  name === ErasedName
    ? name
    : name
        .trim()
        .split(/\s+/u)
        .filter((word) => word !== "")
        .map((word) => {
          const chars = Array.from(word)
          const first = chars.findIndex((c) => hidden.test(c))
          return chars.map((c, i) => (i > first && first >= 0 && hidden.test(c) ? "*" : c)).join("")
        })
        .join(" ")

const hidden = /[\p{L}\p{N}]/u

/**
 * A personal field's value as a reader with the given visible fields sees it.
 *
 * @since 0.2.0
 * @category masking
 */
export const present = (
  field: PersonalFieldName,
  value: string | Erased,
  visible: ReadonlyArray<PersonalFieldName>
): string => {
  if (value instanceof Erased) return ErasedName
  if (visible.includes(field)) return value
  return field === "fullName" ? mask(value) : Hidden
}
