/**
 * Blind indexes of NIK and NIP: HMAC-SHA-256 under a key of its own (not the KEK), so that the
 * registry can find a person by NIK or NIP and refuse a second registration of the same NIK
 * (a UNIQUE column) without storing either number in plain text.
 *
 * Normalisation, before the HMAC, so that the same number written differently indexes the same:
 * 1. Unicode NFKC (full-width digits become ASCII digits);
 * 2. spaces (any Unicode white space), dots and hyphens are removed: a NIP is usually printed in
 *    groups, `19800101 200501 1 001`, and a NIK sometimes with dots or hyphens;
 * 3. what remains must be exactly 16 ASCII digits (NIK) or 18 (NIP); anything else is refused
 *    with the registry's `InvalidParticipantData`, which names the field and never the value.
 * The field's name is part of the HMAC input, so a NIK and a NIP with the same digits never
 * share an index value.
 *
 * What it does not do: hide a number from someone who holds the index key. NIKs are structured
 * (region, birth date, serial), so with the key a guessed NIK can be confirmed. The key is
 * therefore kept like the KEK (outside the database), and erasure removes the person's index
 * values; copies of old rows keep them, which is why docs/privacy.md treats this key like a KEK
 * for rotation.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { createHmac } from "node:crypto"
import { InvalidParticipantData } from "../registry/Participant.js"
import * as KeyMaterial from "./KeyMaterial.js"

/**
 * @since 0.2.0
 * @category models
 */
export type IndexedField = "nik" | "nip"

const lengths: { readonly [K in IndexedField]: number } = { nik: 16, nip: 18 }
const names: { readonly [K in IndexedField]: string } = { nik: "a NIK", nip: "a NIP" }

/**
 * The canonical form of a NIK or NIP (see the module's normalisation rules).
 *
 * @since 0.2.0
 * @category normalisation
 */
export const normalise = (field: IndexedField, value: string): Either.Either<string, InvalidParticipantData> => {
  const digits = value.normalize("NFKC").replace(/[\s.-]/gu, "")
  const n = lengths[field]
  return new RegExp(`^[0-9]{${n}}$`).test(digits)
    ? Either.right(digits)
    : Either.left(
        new InvalidParticipantData({
          field,
          rule: `${names[field]} has exactly ${n} digits (spaces, dots and hyphens are ignored; got ${digits.length} characters)`
        })
      )
}

/**
 * @since 0.2.0
 * @category models
 */
export interface BlindIndex {
  /** The index key's fingerprint: store it beside the index so that a wrong key is caught at start-up. */
  readonly keyId: string
  /** The index value (64 hex digits) of a NIK or NIP, after normalisation. */
  readonly compute: (field: IndexedField, value: string) => Either.Either<string, InvalidParticipantData>
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (key: KeyMaterial.KeyMaterial): BlindIndex => ({
  keyId: `bik-${KeyMaterial.fingerprint("blind-index-id", key)}`,
  compute: (field, value) =>
    Either.map(normalise(field, value), (digits) =>
      createHmac("sha256", Redacted.value(key.bytes))
        .update(`training-ledger/blind-index/v1\0${field}\0${digits}`, "utf8")
        .digest("hex")
    )
})

/**
 * @since 0.2.0
 * @category tags
 */
export class BlindIndexService extends Context.Tag("training-ledger/privacy/BlindIndex")<
  BlindIndexService,
  BlindIndex
>() {}

/**
 * The blind index from its own key, in a file or an environment variable (never the KEK's).
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  source: ({ readonly file: string } & KeyMaterial.FileOptions) | { readonly env: string }
): Layer.Layer<BlindIndexService, KeyMaterial.InvalidKeyMaterial> =>
  Layer.effect(
    BlindIndexService,
    Effect.map("file" in source ? KeyMaterial.fromFile(source.file, source) : KeyMaterial.fromEnv(source.env), make)
  )
