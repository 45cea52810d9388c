/**
 * Upcasters lift an event's data from an old schema version to a newer one when it is read.
 * Stored rows are never rewritten: the log keeps what was recorded (and `verify()` hashes that),
 * readers see the current shape.
 *
 * @since 0.1.0
 */
import * as Program from "../domain/Program.js"

/**
 * Lifts the data of `type` from `fromVersion` to `toVersion` (greater). Registered per event type;
 * chains apply in turn (1 -> 2 -> 3) until no upcaster starts at the current version.
 *
 * @since 0.1.0
 * @category models
 */
export interface Upcaster {
  readonly type: string
  readonly fromVersion: number
  readonly toVersion: number
  readonly upcast: (data: unknown) => unknown
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Upcasted {
  readonly schemaVersion: number
  readonly data: unknown
}

/**
 * A registry of upcasters, applied on read.
 *
 * @since 0.1.0
 * @category models
 */
export interface Upcasters {
  /** Applies the chain for `type` starting at `schemaVersion`; may throw what an upcaster throws. */
  readonly apply: (type: string, schemaVersion: number, data: unknown) => Upcasted
}

/**
 * The library's own upcasters, for the events it records (`Program.upcasters`: certificates of
 * schema version 1 read with their holder's name "not recorded"). Every store applies them.
 *
 * @since 0.2.0
 * @category constants
 */
export const builtin: ReadonlyArray<Upcaster> = Program.upcasters

/**
 * Builds a registry of the {@link builtin} upcasters and `upcasters`. Throws on a configuration
 * error (two upcasters from the same version of a type, or one that does not move forward), so a
 * wrong registry fails when the layer is built.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (upcasters: ReadonlyArray<Upcaster> = []): Upcasters => {
  const byKey = new Map<string, Upcaster>()
  for (const upcaster of [...builtin, ...upcasters]) {
    if (!Number.isInteger(upcaster.fromVersion) || !Number.isInteger(upcaster.toVersion)) {
      throw new Error(`Upcaster for ${upcaster.type}: versions must be integers`)
    }
    if (upcaster.toVersion <= upcaster.fromVersion) {
      throw new Error(`Upcaster for ${upcaster.type} v${upcaster.fromVersion}: toVersion must be greater`)
    }
    const key = `${upcaster.type}\u0000${upcaster.fromVersion}`
    if (byKey.has(key)) {
      throw new Error(`Two upcasters for ${upcaster.type} v${upcaster.fromVersion}`)
    }
    byKey.set(key, upcaster)
  }
  return {
    apply: (type, schemaVersion, data) => {
      let version = schemaVersion
      let current = data
      for (;;) {
        const upcaster = byKey.get(`${type}\u0000${version}`)
        if (upcaster === undefined) return { schemaVersion: version, data: current }
        current = upcaster.upcast(current)
        version = upcaster.toVersion
      }
    }
  }
}

/**
 * The registry of the {@link builtin} upcasters alone.
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: Upcasters = make([])
