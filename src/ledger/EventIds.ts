/**
 * Event ids derived from the command id, so that a retried command produces the same ids and the
 * store's durable idempotency recognises it.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"

/**
 * A UUID (version 8, RFC 9562 "custom") from SHA-256 of the command id, the stream and the
 * event's index in the command's output.
 *
 * @since 0.1.0
 * @category constructors
 */
export const deriveEventId = (commandId: string, streamId: string, index: number): string => {
  const hex = createHash("sha256").update(`${commandId}\u0000${streamId}\u0000${index}`).digest("hex")
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
