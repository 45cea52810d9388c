/**
 * Malformed commands are refused at decoding, naming every field at fault (issue 13, classes 1,
 * 2, 5, 6, 7): generated commands, encoded as a caller would send them, with fields replaced by
 * values JSON cannot hold, text that is not text, over-long text, impossible or ambiguous dates.
 * And ids that are names of `Object.prototype` properties are not malformed: they decode as
 * themselves.
 */
import * as Either from "effect/Either"
import { FastCheck as fc } from "effect"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Decode from "../../src/boundary/Decode.js"
import * as Program from "../../src/domain/Program.js"
import { ordinary } from "./arbitraries.js"
import { check } from "./check.js"

// a property run over hundreds of generated programs takes tens of seconds on a busy machine
const LONG = { timeout: 300_000 }

type Path = ReadonlyArray<string | number>

const encode = Schema.encodeSync(Program.Command)
const decode = Decode.decode(Program.Command)

const instantFields = new Set(["occurredAt", "issuedAt"])
const dateFields = new Set([
  "plannedStart",
  "plannedEnd",
  "letterDate",
  "startDate",
  "from",
  "to",
  "on",
  "lastDay",
  "date"
])
const idFields = new Set([
  "programId",
  "participantId",
  "sessionId",
  "assessmentId",
  "certificateId",
  "supersedes",
  "newCertificateId",
  "applicationId",
  "documentId",
  "assessorId",
  "enrolledBy",
  "seriesId",
  "requiredAssessments"
])

/** Every path of the encoded command but the root and the tags, containers included. */
const pathsOf = (u: unknown, path: Path = []): Array<Path> => {
  const here: Array<Path> = path.length === 0 ? [] : [path]
  if (Array.isArray(u)) return [...here, ...u.flatMap((v, i) => pathsOf(v, [...path, i]))]
  if (typeof u === "object" && u !== null)
    return [
      ...here,
      ...Object.entries(u)
        .filter(([k]) => k !== "_tag")
        .flatMap(([k, v]) => pathsOf(v, [...path, k]))
    ]
  return here
}

const field = (path: Path): string => [...path].reverse().find((k): k is string => typeof k === "string") ?? ""

const getAt = (u: unknown, path: Path): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], u)

const setAt = (u: unknown, path: Path, value: unknown): unknown => {
  if (path.length === 0) return value
  const [k, ...rest] = path
  if (Array.isArray(u)) return u.map((v, i) => (i === k ? setAt(v, rest, value) : v))
  return { ...(u as object), [k!]: setAt((u as Record<string, unknown>)[k as string], rest, value) }
}

/** Refused wherever they stand: not numbers JSON holds, not text, too long for any field. */
const anywhere: ReadonlyArray<unknown> = [
  NaN,
  Infinity,
  -Infinity,
  "a\u0000b",
  "\u0000",
  "\ud800",
  "x\udfff",
  "\udc00\ud800",
  "x".repeat(2001)
]

const malformedFor = (path: Path, current: unknown): ReadonlyArray<unknown> => {
  const name = field(path)
  const isLeaf = typeof current !== "object" || current === null
  const more: Array<unknown> = []
  if (isLeaf && instantFields.has(name))
    more.push("2024-02-30T00:00:00Z", "01/09/2024 08:00", "2024-09-03T08:00:00", "2024-09-03", "2024-09-03T24:00:00Z")
  if (isLeaf && dateFields.has(name)) more.push("2024-02-30", "01/09/2024", "2024-9-3", "2024-09-03T00:00:00Z")
  if (isLeaf && idFields.has(name)) more.push("x".repeat(129), "p\u0001", " p1", "")
  return [...anywhere, ...more]
}

const commandArb: fc.Arbitrary<Program.Command> = ordinary.commandSequenceArb.chain((commands) =>
  fc.constantFrom(...commands)
)

/** A command in its JSON form with one field replaced by a malformed value. */
const oneBadField = commandArb.chain((command) => {
  const json = encode(command)
  const paths = pathsOf(json)
  return fc
    .constantFrom(...paths)
    .chain((path) =>
      fc.constantFrom(...malformedFor(path, getAt(json, path))).map((bad) => ({ command, json, path, bad }))
    )
})

const prefixOf = (a: Path, b: Path) => a.length <= b.length && a.every((k, i) => b[i] === k)

/** A command with one to four unrelated fields replaced by malformed values. */
const severalBadFields = commandArb.chain((command) => {
  const json = encode(command)
  const paths = pathsOf(json)
  return fc
    .uniqueArray(fc.constantFrom(...paths), { minLength: 1, maxLength: 4, selector: (p) => JSON.stringify(p) })
    .map((chosen) => chosen.filter((p, i) => !chosen.some((q, j) => j !== i && prefixOf(q, p) && q !== p)))
    .chain((chosen) =>
      fc.tuple(...chosen.map(() => fc.constantFrom(...anywhere))).map((bads) => ({ json, chosen, bads }))
    )
})

const prototypeNames = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"]

describe("malformed commands", LONG, () => {
  it("one malformed field: decoding fails, and the issues name exactly that field", async () => {
    let runs = 0
    const seen = new Set<string>()
    await check(
      oneBadField,
      ({ json, path, bad }) => {
        runs++
        const result = decode(setAt(json, path, bad))
        if (Either.isRight(result)) expect.fail(`${Decode.fieldOf(path)} = ${JSON.stringify(bad)} was accepted`)
        const fields = result.left.map((i) => i.field)
        expect(new Set(fields), JSON.stringify(result.left)).toEqual(new Set([Decode.fieldOf(path)]))
        for (const issue of result.left) {
          expect(issue.rule.length).toBeGreaterThan(0)
          // a rule never repeats a long value back, nor spells out a schema
          expect(issue.rule.length).toBeLessThan(400)
          expect(issue.rule).not.toMatch(/Expected \{|Encoded side/)
        }
        seen.add(`${json._tag}.${field(path)}`)
      },
      { numRuns: 1000 }
    )
    // not vacuous: many kinds of command and field were reached
    expect(runs).toBeGreaterThanOrEqual(1000)
    expect(seen.size).toBeGreaterThan(60)
  })

  it("several malformed fields: every one of them is named (errors: all)", async () => {
    await check(
      severalBadFields,
      ({ json, chosen, bads }) => {
        const input = chosen.reduce<unknown>((u, path, i) => setAt(u, path, bads[i]), json)
        const result = decode(input)
        if (Either.isRight(result)) expect.fail("accepted")
        expect(new Set(result.left.map((i) => i.field))).toEqual(new Set(chosen.map((p) => Decode.fieldOf(p))))
      },
      { numRuns: 500 }
    )
  })

  it("ids named like Object.prototype properties are not malformed: they decode as themselves", async () => {
    const idPaths = commandArb.chain((command) => {
      const json = encode(command)
      // ("all" in requiredAssessments is a keyword, not an id)
      const paths = pathsOf(json).filter(
        (p) => idFields.has(field(p)) && typeof getAt(json, p) === "string" && getAt(json, p) !== "all"
      )
      return paths.length === 0
        ? fc.constant(undefined)
        : fc
            .tuple(fc.constantFrom(...paths), fc.constantFrom(...prototypeNames))
            .map(([path, name]) => ({ json, path, name }))
    })
    let checked = 0
    await check(
      idPaths,
      (c) => {
        if (c === undefined) return
        checked++
        const result = decode(setAt(c.json, c.path, c.name))
        if (Either.isLeft(result)) expect.fail(JSON.stringify(result.left))
        expect(getAt(encode(result.right), c.path)).toBe(c.name)
      },
      { numRuns: 500 }
    )
    expect(checked).toBeGreaterThan(400)
  })

  it("every generated command, as JSON, decodes (the generators make well-formed input)", async () => {
    await check(commandArb, (command) => {
      const json = JSON.parse(JSON.stringify(encode(command)))
      const result = decode(json)
      if (Either.isLeft(result)) expect.fail(JSON.stringify(result.left))
      expect(encode(result.right)).toEqual(json)
    })
  })
})
