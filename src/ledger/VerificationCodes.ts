/**
 * Certificate verification codes: random, 80 bits, printed once (for a QR code); only their
 * SHA-256 is stored in the event.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createHash, randomBytes } from "node:crypto"

/**
 * @since 0.1.0
 * @category models
 */
export interface VerificationCode {
  /** For the holder: 16 Crockford base-32 characters in groups of four. */
  readonly code: string
  /** Hex SHA-256 of the code without separators: what the event stores. */
  readonly hash: string
}

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/**
 * Encodes 10 bytes (80 bits) as 16 Crockford base-32 characters, grouped by four.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromBytes = (bytes: Uint8Array): VerificationCode => {
  let bits = 0n
  for (const byte of bytes.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte)
  let plain = ""
  for (let i = 15; i >= 0; i--) plain += alphabet[Number((bits >> BigInt(i * 5)) & 31n)]
  return { code: plain.match(/.{4}/g)!.join("-"), hash: hashCode(plain) }
}

/**
 * The stored form of a code as a holder types it (case, dashes and spaces ignored).
 *
 * @since 0.1.0
 * @category constructors
 */
export const hashCode = (code: string): string =>
  createHash("sha256").update(code.toUpperCase().replace(/[\s-]/g, "")).digest("hex")

/**
 * The source of codes; replace it in tests for fixed codes.
 *
 * @since 0.1.0
 * @category tags
 */
export class VerificationCodes extends Context.Tag("training-ledger/VerificationCodes")<
  VerificationCodes,
  { readonly next: Effect.Effect<VerificationCode> }
>() {}

/**
 * Codes from the operating system's cryptographic random source.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<VerificationCodes> = Layer.succeed(VerificationCodes, {
  next: Effect.sync(() => fromBytes(randomBytes(10)))
})
