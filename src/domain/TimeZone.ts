/**
 * The program's time zone: a named IANA zone (`Asia/Jakarta`, `Asia/Makassar`, `Asia/Jayapura`),
 * in which its local dates and times are read. The one definition of "a valid zone", used by the
 * command schema at the boundary and by `decide` (which also sees commands built in code).
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { bounded } from "./Text.js"

const zones = new Map<string, Option.Option<DateTime.TimeZone>>()

/**
 * The named IANA zone, or None when the id is not a zone this runtime knows.
 *
 * @since 0.2.0
 * @category zones
 */
export const zone = (timeZone: string): Option.Option<DateTime.TimeZone> => {
  // building a zone builds an Intl.DateTimeFormat, which is slow; the answer for an id never
  // changes, so memoising it keeps `decide` pure and fast (bounded: ids come from outside)
  let z = zones.get(timeZone)
  if (z === undefined) {
    z = DateTime.zoneMakeNamed(timeZone)
    if (zones.size < 64) zones.set(timeZone, z)
  }
  return z
}

/**
 * The words of the time zone rule.
 *
 * @since 0.2.0
 * @category rules
 */
export const timeZoneRule = "must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura"

/**
 * A time zone name as a command gives it: at most 64 characters of clean text naming an IANA
 * zone. Events keep the plain name (see `ZoneName`): whether a zone is known depends on the
 * runtime's time zone data, and a stored event must decode everywhere.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TimeZone = bounded(1, 64).pipe(
  Schema.filter((s) => Option.isSome(zone(s)), { message: () => timeZoneRule })
)

/**
 * A time zone name as an event stores it: the name, not checked against the runtime's zones.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ZoneName = bounded(1, 64)
