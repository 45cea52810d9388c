/**
 * The marker for personal data whose key was destroyed: what a decryption answers for an erased
 * person instead of failing, so that replays and read models keep working and show the person as
 * erased.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { ErasedName } from "../registry/Participant.js"

/**
 * @since 0.2.0
 * @category models
 */
export class Erased extends Schema.TaggedClass<Erased>()("Erased", {}) {
  /** How reports show it: the registry's `[erased]`. */
  override toString() {
    return ErasedName
  }
}

/**
 * @since 0.2.0
 * @category constants
 */
export const erased: Erased = new Erased()

/**
 * @since 0.2.0
 * @category guards
 */
export const isErased = (u: unknown): u is Erased => u instanceof Erased
