/**
 * An encrypted personal field value: one compact, JSON-safe string, so that it can sit in a
 * registry column and inside an event payload that is hashed into the chain.
 *
 * ```
 * enc:v1:<iv>:<ciphertext>:<tag>      (each part base64url, no padding)
 * ```
 *
 * AES-256-GCM with the person's data key, a fresh random 96-bit IV per encryption, a 128-bit
 * tag, and associated data `["training-ledger/personal-field", 1, personId, field]`: a ciphertext
 * copied to another person or another field does not decrypt. The plaintext (UTF-8) is padded to
 * a multiple of 32 bytes (ISO/IEC 7816-4: 0x80 then zeros) so that the ciphertext's length tells
 * only the length bucket of a name, not its exact length. There is no key id in the string: a
 * person has one data key for life (KEK rotation re-wraps it, it never changes).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { DataKey } from "./DataKeys.js"
import { EncryptedField } from "../domain/EncryptedField.js"
import { Erased, erased } from "./Erased.js"
import * as AesGcm from "./internal/aesGcm.js"

/**
 * The personal fields of the participant registry. Policies name these (`Policy.ts`); a field
 * stored elsewhere that copies one of them (the name printed on a certificate) is shown under the
 * same name.
 *
 * @since 0.2.0
 * @category models
 */
export const PersonalFieldName = Schema.Literal("fullName", "nik", "nip", "inmateNumber")

/**
 * @since 0.2.0
 * @category models
 */
export type PersonalFieldName = typeof PersonalFieldName.Type

export {
  /**
   * The one definition of the format's Schema, in the domain (`domain/EncryptedField.ts`), which
   * carries such values in events without knowing how they are made.
   *
   * @since 0.2.0
   * @category models
   */
  EncryptedField
} from "../domain/EncryptedField.js"

/**
 * A value that does not decrypt with the key given: the key or the associated data (person,
 * field) is not the one it was encrypted with, or the value was altered. Not the same as erased:
 * an erased person's value answers {@link Erased}, an altered one this error.
 *
 * @since 0.2.0
 * @category errors
 */
export class FieldDecryptionFailed extends Schema.TaggedError<FieldDecryptionFailed>()("FieldDecryptionFailed", {
  personId: Schema.String,
  field: Schema.String,
  reason: Schema.Literal("malformed", "key-of-another-person", "authentication-failed")
}) {
  override get message() {
    return `Field "${this.field}" of ${this.personId} does not decrypt (${this.reason}): the value was altered, moved from another person or field, or encrypted with another key`
  }
}

const Block = 32
const prefix = "enc:v1:"

const aad = (personId: string, field: string) =>
  AesGcm.associatedData("training-ledger/personal-field", 1, personId, field)

const pad = (text: string): Uint8Array => {
  const bytes = Buffer.from(text, "utf8")
  const padded = new Uint8Array(Math.ceil((bytes.length + 1) / Block) * Block)
  padded.set(bytes)
  padded[bytes.length] = 0x80
  return padded
}

const unpad = (padded: Uint8Array): string | undefined => {
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  return end >= 0 && padded[end] === 0x80 ? Buffer.from(padded.subarray(0, end)).toString("utf8") : undefined
}

const sameKey = (personId: string, key: DataKey) => key.personId === personId

/**
 * Encrypts a person's field value with the person's data key.
 *
 * @since 0.2.0
 * @category constructors
 */
export const encrypt = (
  personId: string,
  field: string,
  plaintext: string,
  key: DataKey
): Effect.Effect<EncryptedField> =>
  sameKey(personId, key)
    ? Effect.sync(() => {
        const sealed = AesGcm.seal(Redacted.value(key.bytes), pad(plaintext), aad(personId, field))
        const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url")
        const iv = sealed.subarray(0, AesGcm.IvLength)
        const body = sealed.subarray(AesGcm.IvLength, sealed.length - AesGcm.TagLength)
        const tag = sealed.subarray(sealed.length - AesGcm.TagLength)
        return `${prefix}${b64(iv)}:${b64(body)}:${b64(tag)}` as EncryptedField
      })
    : Effect.dieMessage(`encrypt: the data key of ${key.personId} was given for ${personId}`)

/**
 * Decrypts a person's field value. With the key destroyed ({@link Erased} given for the key) the
 * answer is {@link Erased}, not an error: the value is gone, as intended.
 *
 * @since 0.2.0
 * @category combinators
 */
export const decrypt = (
  personId: string,
  field: string,
  value: string,
  key: DataKey | Erased
): Either.Either<string | Erased, FieldDecryptionFailed> => {
  if (key instanceof Erased) return Either.right(erased)
  const fail = (reason: FieldDecryptionFailed["reason"]) =>
    Either.left(new FieldDecryptionFailed({ personId, field, reason }))
  if (!sameKey(personId, key)) return fail("key-of-another-person")
  if (!Schema.is(EncryptedField)(value)) return fail("malformed")
  const [iv, body, tag] = value
    .slice(prefix.length)
    .split(":")
    .map((part) => Buffer.from(part, "base64url"))
  const opened = AesGcm.open(
    Redacted.value(key.bytes),
    new Uint8Array(Buffer.concat([iv!, body!, tag!])),
    aad(personId, field)
  )
  if (Either.isLeft(opened)) return fail(opened.left === "too-short" ? "malformed" : "authentication-failed")
  const text = unpad(opened.right)
  opened.right.fill(0)
  return text === undefined ? fail("malformed") : Either.right(text)
}

/**
 * @since 0.2.0
 * @category guards
 */
export const isEncrypted = (u: unknown): u is EncryptedField => Schema.is(EncryptedField)(u)
