/**
 * A hostile or careless caller of the Promise API, generated: commands, contexts, registrations
 * and reads with one part broken (a number JSON cannot hold, U+0000, a lone surrogate, over-long
 * text, deep nesting, an impossible or ambiguous instant, a wrong type, a missing or unknown
 * field, an unknown command), run on every store.
 *
 * Laws: every rejection is an error with a `_tag` from the documented list and a message; a
 * broken input that must be refused is refused, naming the field that was broken; the log head
 * moves only for calls that succeeded; `verify()` stays intact.
 */
import { Schema } from "effect"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import * as Numbering from "../../src/domain/CertificateNumbering.js"
import * as Program from "../../src/domain/Program.js"
import { fromDomain, LedgerCommand, type LedgerCommandEncoded } from "../../src/ledger/Requests.js"
import { openLedger, type PromiseLedger } from "../../src/promise.js"

/** Every `_tag` a rejection of the Promise API may carry (README, "Errors"): the boundary's, the
 * registry's and the Ledger's, and the domain's rules (a well-formed command the state forbids). */
export const documentedTags: ReadonlySet<string> = new Set([
  "InvalidCommand",
  "InvalidCommandContext",
  "InvalidParticipantData",
  "InvalidReadOptions",
  "ParticipantAlreadyRegistered",
  "ParticipantNotFound",
  "ProgramNotFound",
  "CommandIdReused",
  "NotAuthorised",
  ...(Program.ProgramError.members as ReadonlyArray<{ readonly _tag: string }>).map((m) => m._tag),
  ...(Numbering.NumberingError.members as ReadonlyArray<{ readonly _tag: string }>).map((m) => m._tag)
])

const encode = Schema.encodeSync(LedgerCommand)
const commands: ReadonlyArray<LedgerCommandEncoded> = foundingCase({
  programId: "fuzz-program",
  verificationCodeHash: () => "0".repeat(64)
}).commands.map((c) => encode(fromDomain(c)))

const officer = { id: "officer-1", role: "program-officer", facility: "LPCIP" }
const dpo = { id: "dpo-1", role: "data-protection-officer", facility: "DJPAS" }

const validContext = () => ({
  actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
  source: "user" as const,
  commandId: crypto.randomUUID()
})

/** Every path to a leaf or a container of a JSON value. */
const paths = (value: unknown, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  const out: Array<ReadonlyArray<string | number>> = at.length > 0 ? [at] : []
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])))
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]))
  }
  return out
}

const setAt = (value: any, path: ReadonlyArray<string | number>, replacement: unknown): any => {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  const copy = Array.isArray(value) ? [...value] : { ...value }
  copy[head as any] = setAt(value[head as any], rest, replacement)
  return copy
}

const deleteAt = (value: any, path: ReadonlyArray<string | number>): any => {
  if (path.length === 1) {
    const copy = Array.isArray(value) ? [...value] : { ...value }
    if (Array.isArray(copy)) copy.splice(path[0] as number, 1)
    else delete copy[path[0] as string]
    return copy
  }
  const [head, ...rest] = path
  const copy = Array.isArray(value) ? [...value] : { ...value }
  copy[head as any] = deleteAt(value[head as any], rest)
  return copy
}

const deeplyNested = (levels: number) => {
  let v: any = "bottom"
  for (let i = 0; i < levels; i++) v = { v }
  return v
}

const isTimeText = (u: unknown) => typeof u === "string" && /^\d{4}-\d{2}-\d{2}/.test(u)

/**
 * A hostile value and whether a field holding `original` must refuse it: most are refused
 * anywhere; a calendar string only where a date or an instant was (elsewhere it is plain text),
 * a boolean only where no boolean was.
 */
export const hostile: fc.Arbitrary<{
  readonly label: string
  readonly value: unknown
  readonly refusedFor: (original: unknown) => boolean
}> = fc.constantFrom(
  { label: "NaN", value: Number.NaN, refusedFor: () => true },
  { label: "Infinity", value: Number.POSITIVE_INFINITY, refusedFor: () => true },
  { label: "-Infinity", value: Number.NEGATIVE_INFINITY, refusedFor: () => true },
  { label: "U+0000", value: "a\u0000b", refusedFor: () => true },
  { label: "lone surrogate", value: "x\ud800y", refusedFor: () => true },
  { label: "2,001 characters", value: "x".repeat(2001), refusedFor: () => true },
  { label: "200,000 characters", value: "y".repeat(200_000), refusedFor: () => true },
  { label: "100,000 levels deep", value: deeplyNested(100_000), refusedFor: () => true },
  { label: "impossible instant", value: "2024-02-30T00:00:00Z", refusedFor: isTimeText },
  { label: "dd/mm/yyyy", value: "01/09/2024 08:00", refusedFor: isTimeText },
  { label: "instant without offset", value: "2024-09-03T08:00:00", refusedFor: isTimeText },
  { label: "an array", value: [1, "two"], refusedFor: () => true },
  { label: "an object", value: { nested: true }, refusedFor: () => true },
  { label: "a boolean", value: true, refusedFor: (original: unknown) => typeof original !== "boolean" },
  { label: "null", value: null, refusedFor: () => true }
)

const valueAt = (value: any, path: ReadonlyArray<string | number>): unknown =>
  path.reduce((v, key) => (v === null || v === undefined ? undefined : v[key as any]), value)

/** A command with one field broken, the field's path, and whether it must be refused. */
export const brokenCommand = fc
  .tuple(fc.constantFrom(...commands), hostile, fc.nat(), fc.constantFrom("replace", "delete", "unknown field", "tag"))
  .map(([command, bad, pick, how]) => {
    const all = paths(command).filter((p) => p[0] !== "_tag" && p[0] !== "programId")
    const path = all[pick % all.length]!
    switch (how) {
      case "delete":
        // a required field missing is refused; an optional one may go (then the command is valid)
        return { command: deleteAt(command, path), path, refused: undefined }
      case "unknown field":
        return { command: { ...command, surplusField: 1 }, path: ["surplusField"], refused: true }
      case "tag":
        return { command: { ...command, _tag: "DropAllTables" }, path: ["_tag"], refused: true }
      default:
        return { command: setAt(command, path, bad.value), path, refused: bad.refusedFor(valueAt(command, path)) }
    }
  })

export const brokenContext = fc.oneof(
  fc.constant({ context: null, field: "context" }),
  fc.constant({ context: undefined, field: "context" }),
  fc.constant({ context: { ...validContext(), commandId: 42 }, field: "context.commandId" }),
  fc.constant({ context: { source: "user", commandId: "c" }, field: "context.actor" }),
  fc.constant({ context: { ...validContext(), source: "web" }, field: "context.source" }),
  fc.constant({
    context: { ...validContext(), actor: { id: "o", role: "program-officer", facility: "lpcip" } },
    field: "context.actor.facility"
  }),
  fc.constant({ context: { ...validContext(), commandId: "\u0000" }, field: "context.commandId" }),
  fc.constant({ context: { ...validContext(), correlationId: "z".repeat(10_000) }, field: "context.correlationId" })
)

export const brokenRegistration = fc.oneof(
  fc.constant({ registration: null, field: "(registration)" }),
  fc.constant({ registration: { kind: "inmate", facility: "LPCIP", fullName: "A" }, field: "participantId" }),
  fc.constant({ registration: { participantId: "p", kind: "inmate", facility: "LPCIP" }, field: "fullName" }),
  fc.constant({
    registration: { participantId: "p", kind: "inmate", facility: "LPCIP", fullName: "A", nik: 3171000000000001 },
    field: "nik"
  }),
  fc.constant({
    registration: { participantId: "p", kind: "inmate", facility: "LPCIP", fullName: "A", nik: ["3171000000000001"] },
    field: "nik"
  }),
  fc.constant({
    registration: { participantId: "p", kind: "inmate", facility: "LPCIP", fullName: "N".repeat(8 * 1024 * 1024) },
    field: "fullName"
  }),
  fc.constant({
    registration: { participantId: "p", kind: "inmate", facility: "LPCIP", fullName: "A", inmateNumber: 12 },
    field: "inmateNumber"
  }),
  fc.constant({ registration: { participantId: "p", kind: "guest", facility: "LPCIP", fullName: "A" }, field: "kind" })
)

const rejectionOf = async (call: () => Promise<unknown>) => {
  try {
    await call()
    return undefined
  } catch (error) {
    return error as { _tag?: string; message?: string; field?: string; issues?: ReadonlyArray<{ field: string }> }
  }
}

const fieldsOf = (e: { field?: string; issues?: ReadonlyArray<{ field: string }> }) => [
  ...(e.field !== undefined ? [e.field] : []),
  ...(e.issues ?? []).map((i) => i.field)
]

const pathText = (path: ReadonlyArray<string | number>) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("")

export const suite = (name: string, open: () => Promise<{ url: string; cleanup: () => Promise<void> }>, runs: number) =>
  describe(name, () => {
    let ledger: PromiseLedger
    let cleanup: () => Promise<void>
    beforeAll(async () => {
      const store = await open()
      cleanup = store.cleanup
      ledger = await openLedger({ url: store.url })
      // a program in progress, so well-formed commands reach the domain's rules
      for (const command of commands.slice(0, 40)) await ledger.execute(command, validContext())
    })
    afterAll(async () => {
      await ledger?.close()
      await cleanup?.()
    })

    const head = async () => (await ledger.seal()).position

    it(`malformed commands: typed rejections naming the field; nothing malformed recorded (${runs} runs)`, async () => {
      const outcomes = new Map<string, number>()
      await fc.assert(
        fc.asyncProperty(brokenCommand, async ({ command, path, refused }) => {
          const before = await head()
          const error = await rejectionOf(() => ledger.execute(command, validContext()))
          const after = await head()
          const outcome = `${refused === true ? "must refuse" : "may accept"}: ${error?._tag ?? "accepted"}`
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
          if (error === undefined) {
            expect(refused, `accepted a command broken at ${pathText(path)}`).not.toBe(true)
            return
          }
          expect(after).toBe(before)
          expect(typeof error._tag).toBe("string")
          expect(documentedTags.has(error._tag!), `${error._tag} is documented`).toBe(true)
          expect(error.message?.length ?? 0).toBeGreaterThan(0)
          if (refused === true) {
            expect(["InvalidCommand"]).toContain(error._tag)
            const text = pathText(path)
            expect(
              fieldsOf(error).some((f) => f === text || f.startsWith(text) || text.startsWith(f) || f === "(command)"),
              `${error._tag} names ${fieldsOf(error).join(", ")}, the broken field is ${text}`
            ).toBe(true)
          }
        }),
        { numRuns: runs }
      )
      expect(await ledger.verify()).toMatchObject({ _tag: "Intact" })
      // not vacuous: most runs broke a field that must be refused, and were refused at the boundary
      const refused = outcomes.get("must refuse: InvalidCommand") ?? 0
      expect(refused, JSON.stringify([...outcomes])).toBeGreaterThan(runs * 0.6)
    })

    it("malformed contexts are InvalidCommandContext naming the field; nothing recorded", async () => {
      await fc.assert(
        fc.asyncProperty(brokenContext, async ({ context, field }) => {
          const before = await head()
          const error = await rejectionOf(() => ledger.execute(commands[40]!, context as any))
          expect(error).toMatchObject({ _tag: "InvalidCommandContext" })
          expect(fieldsOf(error!).some((f) => f === field || f.startsWith(field))).toBe(true)
          expect(await head()).toBe(before)
        }),
        { numRuns: 20 }
      )
    })

    it("malformed registrations are InvalidParticipantData naming the field, and never echo the value", async () => {
      await fc.assert(
        fc.asyncProperty(brokenRegistration, async ({ field, registration }) => {
          const error = await rejectionOf(() => ledger.participants.register(registration, officer))
          expect(error).toMatchObject({ _tag: "InvalidParticipantData" })
          expect(fieldsOf(error!)).toContain(field)
          expect(error!.message).not.toContain("3171000000000001")
          expect(await ledger.participants.get("p", officer)).toBeUndefined()
        }),
        { numRuns: 16 }
      )
      for (const erasure of [undefined, null, {}, { lawfulBasis: "" }, { lawfulBasis: "\u0000" }]) {
        const erase = await rejectionOf(() => ledger.participants.erase("nobody", erasure as any, dpo))
        expect(erase).toMatchObject({ _tag: "InvalidParticipantData" })
      }
      for (const actor of [null, undefined, {}, { id: "o", role: "program-officer", facility: "lpcip" }]) {
        const refused = await rejectionOf(() =>
          ledger.participants.register(
            { participantId: "q", kind: "inmate", facility: "LPCIP", fullName: "A" },
            actor as any
          )
        )
        expect(refused === undefined ? undefined : documentedTags.has(refused._tag ?? "")).toBe(true)
      }
    })

    it("reads with malformed ids are typed, never a TypeError", async () => {
      for (const id of [null, undefined, 42, {}, [], "\u0000", "x".repeat(10_000), "constructor", "__proto__"]) {
        for (const call of [
          () => ledger.history(id as any),
          () => ledger.summary(id as any),
          () => ledger.getProgram(id as any)
        ]) {
          const error = await rejectionOf(call)
          if (error !== undefined) {
            expect(error).not.toBeInstanceOf(TypeError)
            expect(documentedTags.has(error._tag ?? ""), `${error._tag} is documented`).toBe(true)
          }
        }
      }
    })

    it("reads of the whole log with malformed options are refused naming the option, never a TypeError", async () => {
      const cycle: Record<string, unknown> = {}
      cycle.self = cycle
      let deep: unknown = 1
      for (let i = 0; i < 100_000; i++) deep = { batchSize: deep }
      const throwing = Object.defineProperty({}, "batchSize", {
        enumerable: true,
        get: () => {
          throw new Error("no")
        }
      })
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [null, "options"],
        ["fromPosition=1", "options"],
        [[1, 2], "options"],
        [{ fromPosition: 0 }, "fromPosition"],
        [{ fromPosition: 2 ** 60 }, "fromPosition"],
        [{ toPosition: -0 }, "toPosition"],
        [{ toPosition: Number.NaN }, "toPosition"],
        [{ batchSize: Infinity }, "batchSize"],
        [{ batchSize: 10_001 }, "batchSize"],
        [{ batchSize: "1000" }, "batchSize"],
        [{ batchsize: 10 }, "batchsize"],
        [cycle, "self"],
        [deep, "batchSize"],
        [throwing, "options"]
      ]
      for (const [options, field] of cases) {
        for (const call of [
          () => ledger.foldEvents(0, (n) => n + 1, options as any),
          () =>
            ledger
              .events(options as any)
              [Symbol.asyncIterator]()
              .next()
        ]) {
          const error = await rejectionOf(call)
          expect(error).toMatchObject({ _tag: "InvalidReadOptions" })
          const named = error?.field ?? ""
          expect(named.startsWith(field), `${named} names ${field}`).toBe(true)
          expect(error?.message).toContain(named)
        }
      }
    })
  })
