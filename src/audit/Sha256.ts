/**
 * SHA-256 for the audit modules, as the lowercase hex string every hash of `src/audit/` is.
 *
 * The only place `src/audit/Merkle.ts` reaches `node:crypto` through, so the Merkle math is a few
 * lines of arithmetic over this one function (an auditor porting the verifier swaps this file).
 *
 * @since 0.2.0
 */
import * as Crypto from "node:crypto"

/**
 * Hex SHA-256 of bytes: the one-shot `crypto.hash` where the runtime has it (Node >= 20.12). A
 * string result is about three times cheaper than a Buffer one for a 65-byte Merkle node, which
 * is why the audit modules keep hashes as hex (as the event store does).
 *
 * @since 0.2.0
 * @category hashing
 */
export const sha256Hex: (data: Uint8Array) => string =
  typeof Crypto.hash === "function"
    ? (data) => Crypto.hash("sha256", data, "hex")
    : (data) => Crypto.createHash("sha256").update(data).digest("hex")

const hexDigest = /^[0-9a-f]{64}$/

/**
 * True for a SHA-256 digest written as 64 lowercase hexadecimal digits, the only form the audit
 * modules accept (so two writings of one hash never compare unequal).
 *
 * @since 0.2.0
 * @category hashing
 */
export const isHexDigest = (value: unknown): value is string => typeof value === "string" && hexDigest.test(value)
