import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { createHash } from "node:crypto"
import * as Hashing from "../../src/ports/Hashing.js"

const shuffleKeys = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i))
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
    const rotated = entries.slice(seed % (entries.length || 1)).concat(entries.slice(0, seed % (entries.length || 1)))
    return Object.fromEntries(rotated.reverse().map(([k, v]) => [k, shuffleKeys(v, seed + 1)]))
  }
  return value
}

const content = fc.record({
  streamId: fc.string({ minLength: 1 }),
  version: fc.integer({ min: 1, max: 1_000_000 }),
  eventId: fc.uuid(),
  type: fc.string({ minLength: 1 }),
  schemaVersion: fc.integer({ min: 1, max: 10 }),
  data: fc.jsonValue({ maxDepth: 3 }),
  metadata: fc.constant({ actor: { id: "a", role: "r", facility: "f" }, source: "user" as const }),
  occurredAt: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z") }),
  recordedAt: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z") })
})

describe("Hashing", () => {
  it.prop(
    "the canonical encoding does not depend on key order",
    [fc.jsonValue({ maxDepth: 4 }), fc.nat(5)],
    ([value, seed]) => {
      expect(Hashing.canonicalJson(shuffleKeys(value, seed))).toBe(Hashing.canonicalJson(value))
    }
  )

  it.prop(
    "the canonical encoding is JSON that decodes to an equal value (idempotent)",
    [fc.jsonValue({ maxDepth: 4 })],
    ([value]) => {
      const text = Hashing.canonicalJson(value)
      expect(Hashing.canonicalJson(JSON.parse(text))).toBe(text)
      expect(text).not.toMatch(/\n/)
    }
  )

  it.prop("content = prefix + version + '}', the prefix the PostgreSQL function completes", [content], ([c]) => {
    const full = Hashing.canonicalContent(c)
    expect(full).toBe(Hashing.contentPrefix(c) + c.version + "}")
    expect(full).toBe(
      Hashing.canonicalJson({ ...c, occurredAt: c.occurredAt.toISOString(), recordedAt: c.recordedAt.toISOString() })
    )
  })

  it("the link is sha256 over the 64 bytes of the two digests", () => {
    const prev = "00".repeat(32)
    const content = Hashing.sha256Hex("x")
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.from(prev, "hex"), Buffer.from(content, "hex")]))
      .digest("hex")
    expect(Hashing.link(prev, content)).toBe(expected)
  })

  it("refuses what JSON cannot carry faithfully", () => {
    for (const bad of [undefined, () => 1, NaN, Infinity, 1n, new Date(0), new Map(), { a: "x\u0000" }, "\ud800"]) {
      expect(() => Hashing.canonicalJson(bad)).toThrow(Hashing.NotJson)
    }
    expect(Hashing.canonicalJson({ b: 1, a: [true, null, "é"], c: undefined })).toBe('{"a":[true,null,"é"],"b":1}')
  })
})
