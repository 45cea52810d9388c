/**
 * The boundary's decoder: field paths, issues from a ParseError (every field, tagged unions
 * without noise), and the guards that refuse deep, cyclic or huge input before Schema sees it.
 */
import * as Either from "effect/Either"
import { FastCheck as fc } from "effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Decode from "../../src/boundary/Decode.js"
import * as Program from "../../src/domain/Program.js"

const issuesOf = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.match(Schema.decodeUnknownEither(schema, { errors: "all" })(input), {
    onLeft: (e) => Decode.issues(e),
    onRight: () => []
  })

describe("fieldOf", () => {
  it("writes dotted paths with indexes in brackets", () => {
    expect(Decode.fieldOf(["slot", "date"])).toBe("slot.date")
    expect(Decode.fieldOf(["facilitators", 2])).toBe("facilitators[2]")
    expect(Decode.fieldOf(["signatories", 0, "title"])).toBe("signatories[0].title")
    expect(Decode.fieldOf([0, "a"])).toBe("[0].a")
    expect(Decode.fieldOf([])).toBe("(input)")
  })

  it("quotes keys that are not plain names and bounds long ones", () => {
    expect(Decode.fieldOf(["a b", "c"])).toBe('["a b"].c')
    expect(Decode.fieldOf(["x", "a.b"])).toBe('x["a.b"]')
    expect(Decode.fieldOf(["k".repeat(1000)])).toBe(`["${"k".repeat(64)}…"]`)
    expect(Decode.fieldOf([Symbol.for("s")])).toBe('["Symbol(s)"]')
  })

  it("names the input by root or whole", () => {
    expect(Decode.fieldOf(["actor", "id"], { root: "context" })).toBe("context.actor.id")
    expect(Decode.fieldOf([0], { root: "context" })).toBe("context[0]")
    expect(Decode.fieldOf([], { root: "context" })).toBe("context")
    expect(Decode.fieldOf([], { whole: "(command)" })).toBe("(command)")
  })
})

describe("issues", () => {
  const Item = Schema.Struct({ name: Schema.String, count: Schema.Number })
  const Order = Schema.Struct({
    id: Schema.String,
    items: Schema.Array(Item),
    address: Schema.Struct({ city: Schema.String }),
    mode: Schema.Literal("post", "pickup"),
    scope: Schema.Union(Schema.Literal("all"), Schema.Array(Schema.String))
  })

  it("lists every field at fault, with its path", () => {
    const found = issuesOf(Order, {
      id: 1,
      items: [{ name: "a", count: 1 }, { name: 2 }],
      address: {},
      mode: "fly",
      scope: ["a", 3]
    })
    expect(found).toEqual([
      { field: "id", rule: "Expected string, actual 1" },
      { field: "items[1].name", rule: "Expected string, actual 2" },
      { field: "items[1].count", rule: "is missing" },
      { field: "address.city", rule: "is missing" },
      { field: "mode", rule: "must be one of: post, pickup" },
      { field: "scope[1]", rule: "Expected string, actual 3" }
    ])
  })

  it("judges a union by the member whose kind the input has; else says what it may be", () => {
    expect(issuesOf(Order.fields.scope, 5)).toEqual([
      { field: "(input)", rule: 'must be "all" or ReadonlyArray<string>' }
    ])
    const Scope = Order.fields.scope.annotations({ message: () => 'must be "all" or a list of names' })
    expect(issuesOf(Scope, 5)).toEqual([{ field: "(input)", rule: 'must be "all" or a list of names' }])
    expect(issuesOf(Scope, ["a", 5])).toEqual([{ field: "[1]", rule: "Expected string, actual 5" }])
  })

  it("a tagged union: the member of a known _tag speaks; an unknown _tag lists the tags", () => {
    const A = Schema.TaggedStruct("A", { a: Schema.Number })
    const B = Schema.TaggedStruct("B", { b: Schema.String, c: Schema.String })
    const AB = Schema.Union(A, B)
    expect(issuesOf(AB, { _tag: "B", b: 1 })).toEqual([
      { field: "b", rule: "Expected string, actual 1" },
      { field: "c", rule: "is missing" }
    ])
    expect(issuesOf(AB, { _tag: "C" })).toEqual([{ field: "_tag", rule: "must be one of: A, B" }])
    expect(issuesOf(AB, { a: 1 })).toEqual([{ field: "_tag", rule: "must be one of: A, B" }])
    expect(issuesOf(AB, null)).toEqual([{ field: "(input)", rule: "must be an object whose _tag is one of: A, B" }])
    expect(issuesOf(AB, [1])).toEqual([{ field: "(input)", rule: "must be an object whose _tag is one of: A, B" }])
    expect(issuesOf(Schema.Struct({ x: AB }), { x: { _tag: "A", a: "1" } })).toEqual([
      { field: "x.a", rule: 'Expected number, actual "1"' }
    ])
  })

  it("the Program's commands: one issue per field, never the union of 33 members", () => {
    const found = issuesOf(Program.Command, {
      _tag: "AddPartner",
      programId: "PRG-1",
      occurredAt: "01/09/2024 08:00",
      organisation: "",
      role: "boss"
    })
    expect(found).toEqual([
      {
        field: "occurredAt",
        rule: "must be an ISO-8601 instant with an offset or Z, e.g. 2024-09-03T08:00:00+07:00"
      },
      { field: "organisation", rule: "must not be empty" },
      { field: "role", rule: "must be one of: trainer, funder, assessor" }
    ])
    const unknown = issuesOf(Program.Command, { _tag: "EnrolParticipant" })
    expect(unknown).toHaveLength(1)
    expect(unknown[0]!.field).toBe("_tag")
    expect(unknown[0]!.rule).toContain("EnrollParticipant")
    expect(issuesOf(Program.Command, { _tag: "ScheduleSession", slot: 5 }).find((i) => i.field === "slot")).toEqual({
      field: "slot",
      rule: "must be an object"
    })
  })

  it("reads a ParseIssue as well as a ParseError, and does not repeat an issue", () => {
    const error = Either.flip(Schema.decodeUnknownEither(Order, { errors: "all" })({}))
    if (Either.isLeft(error)) expect.fail("decoded")
    expect(Decode.issues(error.right.issue)).toEqual(Decode.issues(error.right))
    const fields = Decode.issues(error.right).map((i) => i.field)
    expect(new Set(fields).size).toBe(fields.length)
  })

  it("for any input, decoding a command never throws and names at least one field with a rule (property)", () => {
    const decode = Decode.decode(Program.Command)
    const tags = Program.Command.members.map((m) => m._tag)
    const input = fc.oneof(
      fc.anything({
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withNullPrototype: true,
        withObjectString: true,
        withSet: true,
        withSparseArray: true,
        withTypedArray: true
      }),
      fc
        .tuple(fc.constantFrom(...tags), fc.dictionary(fc.string(), fc.jsonValue()))
        .map(([_tag, rest]) => ({ ...rest, _tag }))
    )
    fc.assert(
      fc.property(input, (u) => {
        const result = decode(u)
        if (Either.isRight(result)) return
        for (const issue of result.left) {
          expect(issue.field.length).toBeGreaterThan(0)
          expect(issue.rule.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 2000 }
    )
  })
})

const nest = (depth: number, kinds: ReadonlyArray<boolean>): unknown => {
  let value: unknown = "leaf"
  for (let i = depth - 1; i >= 0; i--) value = kinds[i % kinds.length] ? [value] : { k: value }
  return value
}

describe("guardDepth", () => {
  it("refuses nesting deeper than the limit, naming where, and only then (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 100 }),
        (depth, kinds, max) => {
          const refused = Decode.guardDepth(nest(depth, kinds), max)
          expect(Option.isSome(refused)).toBe(depth > max)
          if (Option.isSome(refused)) {
            expect(refused.value.rule).toBe(`is nested more than ${max} levels deep`)
            // the field is the path to the first container past the limit
            const segments = refused.value.field.match(/\[0\]|\.?k/g) ?? []
            expect(segments.length).toBe(max)
          }
        }
      ),
      { numRuns: 500 }
    )
  })

  it("refuses 100,000 levels without overflowing the stack, and decode reports it as an issue", () => {
    for (const kinds of [[true], [false], [true, false]]) {
      const deep = nest(100_000, kinds)
      expect(Option.getOrThrow(Decode.guardDepth(deep)).rule).toBe("is nested more than 64 levels deep")
      const decoded = Decode.decode(Program.Command)(deep)
      expect(Either.isLeft(decoded) && decoded.left[0]!.rule).toBe("is nested more than 64 levels deep")
    }
  })

  it("refuses a cycle wherever it is, and accepts a value shared without a cycle (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.boolean(),
        (shape, pick, cyclic) => {
          // a chain of containers, each holding the next, with the last pointing back (a cycle) or
          // at a fresh object that an earlier container also holds (shared, no cycle)
          const nodes = shape.map(([isArray]) => (isArray ? [] : {})) as Array<Record<string, unknown>>
          nodes.forEach((node, i) => {
            if (i + 1 < nodes.length) node[Array.isArray(node) ? 0 : shape[i]![1] || "n"] = nodes[i + 1]
          })
          const last = nodes[nodes.length - 1]!
          const target = nodes[pick % nodes.length]!
          const shared = { shared: true }
          if (cyclic) last[Array.isArray(last) ? (last as Array<unknown>).length : "back"] = target
          else {
            last[Array.isArray(last) ? (last as Array<unknown>).length : "back"] = shared
            target[Array.isArray(target) ? (target as Array<unknown>).length : "also"] = shared
          }
          const refused = Decode.guardDepth(nodes[0])
          expect(Option.isSome(refused)).toBe(cyclic)
          if (Option.isSome(refused)) expect(refused.value.rule).toContain("cycle")
        }
      ),
      { numRuns: 500 }
    )
  })

  it("walks a value shared 2^40 ways once, and still sees its depth", () => {
    let value: unknown = { leaf: "x" }
    for (let i = 0; i < 40; i++) value = [value, value]
    expect(Decode.guardDepth(value, 64)).toEqual(Option.none())
    expect(Option.getOrThrow(Decode.guardDepth(value, 40)).rule).toBe("is nested more than 40 levels deep")
    // counted as JSON would repeat it
    expect(Option.getOrThrow(Decode.guardSize(value)).rule).toBe("holds more than 100000 values in all")
  })

  it("refuses input that cannot be read", () => {
    const hostile = Object.defineProperty({}, "x", {
      enumerable: true,
      get: () => {
        throw new Error("no")
      }
    })
    expect(Decode.guardDepth({ a: hostile })).toEqual(
      Option.some({ field: "a", rule: "could not be read: the input must be plain data, as JSON" })
    )
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("no")
        }
      }
    )
    expect(Option.getOrThrow(Decode.guardDepth(proxy)).field).toBe("(input)")
  })
})

describe("guardSize", () => {
  it("refuses more text in all than the limit, at the value that crosses it (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 50 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 800 }),
        (texts, max) => {
          const input = { texts }
          const total = "texts".length + texts.reduce((n, s) => n + s.length, 0)
          const refused = Decode.guardSize(input, { maxTextLength: max })
          expect(Option.isSome(refused)).toBe(total > max)
          if (Option.isSome(refused)) {
            expect(refused.value.rule).toBe(`holds more than ${max} characters of text in all`)
            expect(refused.value.field).toMatch(/^(\(input\)|texts\[\d+\])$/)
          }
        }
      ),
      { numRuns: 500 }
    )
  })

  it("refuses more values than the limit, a huge sparse array before walking it", () => {
    expect(Option.getOrThrow(Decode.guardSize({ a: new Array(1e9) })).rule).toBe("holds more than 100000 values in all")
    expect(Decode.guardSize({ a: new Array(10).fill(1) }, { maxValues: 12 })).toEqual(Option.none())
    expect(Option.isSome(Decode.guardSize({ a: new Array(11).fill(1) }, { maxValues: 12 }))).toBe(true)
  })

  it("refuses a command holding over a megabyte of text", () => {
    const decoded = Decode.decode(Program.Command)({
      _tag: "CloseProgram",
      programId: "PRG-1",
      occurredAt: "2024-09-07T10:00:00+07:00",
      note: "x".repeat(1_000_001)
    })
    expect(Either.isLeft(decoded) && decoded.left).toEqual([
      { field: "note", rule: "holds more than 1000000 characters of text in all" }
    ])
  })
})

describe("decode", () => {
  it("gives the value when the input is good", () => {
    const decoded = Decode.decode(Program.Command)({
      _tag: "CloseProgram",
      programId: "PRG-1",
      occurredAt: "2024-09-07T10:00:00+07:00"
    })
    expect(Either.isRight(decoded) && decoded.right).toBeInstanceOf(Program.CloseProgram)
    expect(Either.isRight(decoded) && decoded.right.occurredAt.epochMillis).toBe(Date.UTC(2024, 8, 7, 3))
  })

  it("names fields under the root given", () => {
    const decoded = Decode.decode(Program.Command, { root: "command" })({ _tag: "CloseProgram", programId: "" })
    expect(Either.isLeft(decoded) && decoded.left.map((i) => i.field)).toEqual([
      "command.programId",
      "command.occurredAt"
    ])
  })
})
