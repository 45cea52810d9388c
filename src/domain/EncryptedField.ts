/**
 * Personal data that a record must carry as it was (the holder's name printed on a certificate),
 * as the domain sees it: an opaque, already encrypted string. The domain never encrypts or
 * decrypts; the Ledger fills the field with the person's name encrypted under the person's own
 * key (`privacy/PersonalField.ts`) before the event is hashed, so destroying that key erases the
 * name in every copy of the log while the hash chain still verifies.
 *
 * Pure: imports only `effect`.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

/**
 * An encrypted personal field: `enc:v1:<iv>:<ciphertext>:<tag>`, each part base64url without
 * padding (the format is defined and produced by `privacy/PersonalField.ts`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const EncryptedField = Schema.String.pipe(
  Schema.pattern(/^enc:v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/, {
    message: () => "an encrypted field (enc:v1:<iv>:<ciphertext>:<tag>)"
  }),
  Schema.brand("EncryptedField")
)

/**
 * @since 0.2.0
 * @category models
 */
export type EncryptedField = typeof EncryptedField.Type

/**
 * What a certificate recorded before holder names were kept (schema version 1 of
 * `CertificateIssued` and `CertificateReissued`, read through their upcaster).
 *
 * @since 0.2.0
 * @category constants
 */
export const NotRecorded = "not-recorded" as const

/**
 * The holder's name on a certificate: encrypted, or {@link NotRecorded} for certificates issued
 * before names were recorded.
 *
 * @since 0.2.0
 * @category schemas
 */
export const HolderName = Schema.Union(EncryptedField, Schema.Literal(NotRecorded))

/**
 * @since 0.2.0
 * @category models
 */
export type HolderName = typeof HolderName.Type

/**
 * @since 0.2.0
 * @category guards
 */
export const isEncryptedField: (u: unknown) => u is EncryptedField = Schema.is(EncryptedField)
