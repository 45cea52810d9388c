/**
 * A domain value as plain JSON for callers without Effect: Maps become arrays of `{ key, value }`
 * (ids are data, not object keys; a composite key such as `["session-1","WBP-01"]` comes back
 * as that array), instants ISO-8601 strings, Schema class instances plain objects.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"

/**
 * @since 0.2.0
 * @category encoding
 */
export const toJsonShape = (value: unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  if (DateTime.isDateTime(value)) return DateTime.formatIso(value)
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Map) {
    return [...value].map(([key, v]) => ({
      key: typeof key === "string" && key.startsWith("[") ? JSON.parse(key) : key,
      value: toJsonShape(v)
    }))
  }
  if (Array.isArray(value)) return value.map(toJsonShape)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = toJsonShape(v)
  return out
}
