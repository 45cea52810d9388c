/**
 * Export bundles, verified offline: the founding case's program bundle and the whole log verify
 * and replay the program's summary; every tampering of the file is refused with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect, FastCheck as fc, ManagedRuntime } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as Bundle from "../../src/audit/Bundle.js"
import * as Checkpoint from "../../src/audit/Checkpoint.js"
import * as VerifyBundle from "../../src/audit/VerifyBundle.js"
import * as Stores from "../../src/stores/Stores.js"
import { facility, intruder, programId, recordFoundingCase, summaryOf, tempDir } from "./support/founding.js"

const dir = tempDir()
let runtime: ManagedRuntime.ManagedRuntime<any, unknown>
let programBundle: string
let logBundle: string
let logWithProofs: string
let sourceSummary: unknown

const verify = (file: string, key = facility.publicKey) => Effect.runPromise(VerifyBundle.verifyFile(file, key))

/** Writes a tampered copy of a bundle: `edit` gets and returns its lines. */
const tampered = (file: string, name: string, edit: (lines: Array<string>) => Array<string>) => {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
  const out = join(dir, name)
  writeFileSync(out, edit(lines).join("\n") + "\n")
  return out
}

beforeAll(async () => {
  runtime = ManagedRuntime.make(Stores.layerLedger("memory:"))
  await runtime.runPromise(recordFoundingCase)
  sourceSummary = JSON.parse(JSON.stringify(await runtime.runPromise(summaryOf(programId))))
  programBundle = join(dir, "program.jsonl")
  logBundle = join(dir, "log.jsonl")
  logWithProofs = join(dir, "log-proofs.jsonl")
  await runtime.runPromise(
    Bundle.exportBundle({ out: programBundle, signWith: facility.privateKey, program: programId })
  )
  await runtime.runPromise(Bundle.exportBundle({ out: logBundle, signWith: facility.privateKey }))
  await runtime.runPromise(Bundle.exportBundle({ out: logWithProofs, signWith: facility.privateKey, proofs: true }))
}, 120_000)

afterAll(async () => {
  await runtime?.dispose()
})

describe("export and offline verification", () => {
  it("the program bundle verifies: every check passes and the summary replayed from it is the source's", async () => {
    const report = await verify(programBundle)
    expect(report._tag, VerifyBundle.render(report)).toBe("Verified")
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ["header", "passed"],
      ["key", "passed"],
      ["checkpoint", "passed"],
      ["content", "passed"],
      ["chain", "passed"],
      ["order", "passed"],
      ["proofs", "passed"],
      ["tree", "skipped"],
      ["manifest", "passed"],
      ["replay", "passed"]
    ])
    expect(report.programs).toHaveLength(1)
    expect(JSON.parse(JSON.stringify(report.programs[0].summary))).toEqual(sourceSummary)
    const summary = report.programs[0].summary
    expect(summary.certified).toEqual({ officer: 1, inmate: 2, detainee: 0, total: 3 })
    // the program's stream and the three certificate numbers it drew
    const lines = readFileSync(programBundle, "utf8").trim().split("\n")
    const events = lines.slice(1, -1).map((l) => JSON.parse(l))
    expect(events.filter((e) => e.type === "CertificateNumberAllocated")).toHaveLength(3)
    expect(events.every((e) => Array.isArray(e.proof))).toBe(true)
    expect(events.some((e) => e.streamId === "program-second-program")).toBe(false)
  })

  it("the whole-log bundle verifies, with and without per-event proofs, and replays both programs", async () => {
    for (const file of [logBundle, logWithProofs]) {
      const report = await verify(file)
      expect(report._tag, VerifyBundle.render(report)).toBe("Verified")
      expect(report.checks.find((c) => c.name === "tree")?.status).toBe("passed")
      expect(report.programs.map((p) => p.programId).sort()).toEqual([programId, "second-program"].sort())
      expect(JSON.parse(JSON.stringify(report.programs.find((p) => p.programId === programId)!.summary))).toEqual(
        sourceSummary
      )
    }
    const withProofs = await verify(logWithProofs)
    expect(withProofs.checks.find((c) => c.name === "proofs")?.status).toBe("passed")
    const without = await verify(logBundle)
    expect(without.checks.find((c) => c.name === "proofs")?.status).toBe("skipped")
  })

  it("an existing file is never overwritten; an unknown program is refused", async () => {
    const again = await runtime.runPromise(
      Effect.flip(Bundle.exportBundle({ out: programBundle, signWith: facility.privateKey, program: programId }))
    )
    expect(again).toMatchObject({ _tag: "BundleWriteError" })
    const unknown = await runtime.runPromise(
      Effect.flip(Bundle.exportBundle({ out: join(dir, "none.jsonl"), signWith: facility.privateKey, program: "nope" }))
    )
    expect(unknown).toMatchObject({ _tag: "ProgramNotInLog", program: "nope" })
  })
})

describe("tamper trials: each refused, with its reason", () => {
  const refusedWith = async (file: string, check: string, reason: RegExp, key = facility.publicKey) => {
    const report = await verify(file, key)
    expect(report._tag, VerifyBundle.render(report)).toBe("Refused")
    expect(report.checks.find((c) => c.status === "failed")?.name).toBe(check)
    expect(report.reason).toMatch(reason)
    return report
  }

  it("one byte changed in an event", async () => {
    for (const bundle of [programBundle, logBundle]) {
      const file = tampered(bundle, "byte.jsonl", (lines) => {
        // the first digit of the 5th event's data, changed
        const line = lines[5]
        const at = line.indexOf('"data":') + line.slice(line.indexOf('"data":')).search(/[0-9]/)
        lines[5] = line.slice(0, at) + (line[at] === "1" ? "2" : "1") + line.slice(at + 1)
        return lines
      })
      await refusedWith(file, "content", /does not match its content hash: it was changed/)
    }
  })

  it("an event dropped: from the middle, and the last one", async () => {
    await refusedWith(
      tampered(programBundle, "drop.jsonl", (l) => [...l.slice(0, 10), ...l.slice(11)]),
      "order",
      /jumps from version|an event is missing/
    )
    await refusedWith(
      tampered(logBundle, "drop-log.jsonl", (l) => [...l.slice(0, 10), ...l.slice(11)]),
      "order",
      /position 10 is missing: an event was dropped/
    )
    // the program's last event, with the header's count made to match: the manifest tells
    await refusedWith(
      tampered(programBundle, "drop-last.jsonl", (l) => {
        const header = JSON.parse(l[0])
        header.count -= 1
        return [JSON.stringify(header), ...l.slice(1, -2), l[l.length - 1]]
      }),
      "manifest",
      /events were dropped/
    )
  })

  it("two events reordered", async () => {
    await refusedWith(
      tampered(programBundle, "reorder.jsonl", (l) => {
        ;[l[3], l[4]] = [l[4], l[3]]
        return l
      }),
      "order",
      /position 3 comes after position 4: the events were reordered/
    )
    await refusedWith(
      tampered(logBundle, "reorder-log.jsonl", (l) => {
        ;[l[7], l[8]] = [l[8], l[7]]
        return l
      }),
      "order",
      /position 7 comes after position 8: the events were reordered/
    )
  })

  it("the checkpoint replaced: by another of the same log and key, and by an edited one", async () => {
    // A later checkpoint of the same log, honestly signed: the proofs do not lead to its root.
    await runtime.runPromise(recordFoundingCaseExtra)
    const later = await runtime.runPromise(
      Effect.flatMap(LogAuditTag, (audit) => audit.checkpoint({ signWith: facility.privateKey }))
    )
    await refusedWith(
      tampered(programBundle, "other-checkpoint.jsonl", (l) => {
        const header = JSON.parse(l[0])
        header.checkpoint = JSON.parse(Checkpoint.encodeSignedCheckpoint(later))
        return [JSON.stringify(header), ...l.slice(1)]
      }),
      "proofs",
      /inclusion proof of position \d+ fails against the checkpoint/
    )
    // The whole log with a later checkpoint: the root of its events is not the checkpoint's.
    const logReport = await verify(
      tampered(logBundle, "other-checkpoint-log.jsonl", (l) => {
        const header = JSON.parse(l[0])
        header.checkpoint = JSON.parse(Checkpoint.encodeSignedCheckpoint(later))
        return [JSON.stringify(header), ...l.slice(1)]
      })
    )
    expect(logReport._tag).toBe("Refused")
    // An edited root: the signature fails.
    await refusedWith(
      tampered(programBundle, "edited-checkpoint.jsonl", (l) => {
        const header = JSON.parse(l[0])
        header.checkpoint.root = "ab".repeat(32)
        return [JSON.stringify(header), ...l.slice(1)]
      }),
      "checkpoint",
      /signature of the checkpoint .* does not verify/
    )
  })

  it("signed with another key; and a genuine bundle checked with the wrong key", async () => {
    const forged = join(dir, "forged.jsonl")
    await runtime.runPromise(Bundle.exportBundle({ out: forged, signWith: intruder.privateKey, program: programId }))
    await refusedWith(forged, "key", /signed by key SHA256:.*, not by the key supplied/)
    await refusedWith(programBundle, "key", /not by the key supplied/, intruder.publicKey)
    // The forger keeps the facility's fingerprint in the header: the checkpoint names the forger's key.
    await refusedWith(
      tampered(forged, "forged-fingerprint.jsonl", (l) => {
        const header = JSON.parse(l[0])
        const genuine = JSON.parse(readFileSync(programBundle, "utf8").split("\n")[0])
        header.keyFingerprint = genuine.keyFingerprint
        return [JSON.stringify(header), ...l.slice(1)]
      }),
      "checkpoint",
      /signed by key/
    )
  })

  it("a cut file, a line added after the manifest, a line that is not JSON", async () => {
    await refusedWith(
      tampered(programBundle, "cut.jsonl", (l) => l.slice(0, -1)),
      "manifest",
      /cut short/
    )
    await refusedWith(
      tampered(programBundle, "added.jsonl", (l) => [...l, l[2]]),
      "manifest",
      /lines were added/
    )
    await refusedWith(
      tampered(programBundle, "notjson.jsonl", (l) => [l[0], "{", ...l.slice(2)]),
      "content",
      /not JSON/
    )
  })

  it("property: any one byte of an event line replaced by another is refused", async () => {
    const lines = readFileSync(programBundle, "utf8")
      .split("\n")
      .filter((l) => l !== "")
    const file = join(dir, "fuzz.jsonl")
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: lines.length - 2 }),
        fc.nat(),
        fc.constantFrom(...'0123456789abcdefABCDEF{}[]":,-. xyzé'),
        async (index, offset, replacement) => {
          const line = lines[index]
          const at = offset % line.length
          fc.pre(line[at] !== replacement)
          const copy = [...lines]
          copy[index] = line.slice(0, at) + replacement + line.slice(at + 1)
          writeFileSync(file, copy.join("\n") + "\n")
          const report = await verify(file)
          expect(report._tag, `line ${index}, offset ${at}: ${JSON.stringify(line[at])} -> ${replacement}`).toBe(
            "Refused"
          )
        }
      ),
      { numRuns: 120 }
    )
  })
})

import { LogAudit as LogAuditTag } from "../../src/ports/LogAudit.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import { setup } from "../../examples/scenario/attendanceProgram.js"

const recordFoundingCaseExtra = Effect.flatMap(Ledger.Ledger, (ledger) =>
  Effect.forEach(setup("third-program", 2, 1), (command) =>
    ledger.execute(command, {
      actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
      source: "user",
      commandId: crypto.randomUUID()
    })
  )
)
