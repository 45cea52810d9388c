/**
 * Masked names for reports read by people who may not see personal data (UU 27/2022): each
 * word keeps its first letter and loses the rest, `Petugas Contoh Satu` → `P****** C***** S***`.
 * The length of each word stays visible so an officer can match a masked row against the paper
 * register in the room; nothing else of the name does.
 *
 * @since 0.2.0
 */

const hidden = /[\p{L}\p{N}]/u

/**
 * Masks a display name word by word; punctuation and spaces are kept.
 *
 * @since 0.2.0
 * @category masking
 */
export const maskName = (name: string): string =>
  name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const chars = Array.from(word)
      const first = chars.findIndex((c) => hidden.test(c))
      return chars.map((c, i) => (i > first && first >= 0 && hidden.test(c) ? "*" : c)).join("")
    })
    .join(" ")
