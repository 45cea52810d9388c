/**
 * AES-256-GCM from `node:crypto`, in one place: a fresh random 96-bit IV for every encryption,
 * a 128-bit tag, associated data that the tag covers. Sealed bytes are `iv || ciphertext || tag`.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"

/** @internal */
export const IvLength = 12
/** @internal */
export const TagLength = 16

/**
 * Encrypts with a fresh random IV. Impure (the IV): callers wrap it in an Effect.
 *
 * @internal
 */
export const seal = (key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Uint8Array => {
  const iv = randomBytes(IvLength)
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TagLength })
  cipher.setAAD(associatedData)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]))
}

/**
 * Decrypts and checks the tag. `Left` when the tag does not match: wrong key, other associated
 * data, or altered bytes (GCM cannot tell these apart, and neither does this function). No
 * plaintext is returned before the tag is checked.
 *
 * @internal
 */
export const open = (
  key: Uint8Array,
  sealed: Uint8Array,
  associatedData: Uint8Array
): Either.Either<Uint8Array, "too-short" | "authentication-failed"> => {
  if (sealed.length < IvLength + TagLength) return Either.left("too-short")
  const iv = sealed.subarray(0, IvLength)
  const tag = sealed.subarray(sealed.length - TagLength)
  const body = sealed.subarray(IvLength, sealed.length - TagLength)
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TagLength })
  decipher.setAAD(associatedData)
  decipher.setAuthTag(tag)
  const head = decipher.update(body)
  try {
    return Either.right(new Uint8Array(Buffer.concat([head, decipher.final()])))
  } catch {
    head.fill(0)
    return Either.left("authentication-failed")
  }
}

/**
 * Associated data as unambiguous bytes: the JSON array of its parts (so that ("ab", "c") and
 * ("a", "bc") differ).
 *
 * @internal
 */
export const associatedData = (...parts: ReadonlyArray<string | number>): Uint8Array =>
  new Uint8Array(Buffer.from(JSON.stringify(parts), "utf8"))
