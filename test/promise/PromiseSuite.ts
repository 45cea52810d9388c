/**
 * The Promise API as a developer who has never used Effect sees it, run once per store URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openLedger, type PromiseLedger } from "../../src/promise.js"
import { Schema } from "effect"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import { fromDomain, LedgerCommand } from "../../src/ledger/Requests.js"
import { markJson, participantId, setupJson } from "../../examples/scenario/attendanceProgram.js"

const encode = Schema.encodeSync(LedgerCommand)

const context = () => ({
  actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
  source: "user" as const,
  commandId: crypto.randomUUID()
})

let counter = 0
const uniqueProgram = (label: string) => `${label}-${process.pid}-${++counter}-${Date.now().toString(36)}`

export const suite = (name: string, open: () => Promise<{ url: string; cleanup: () => Promise<void> }>) =>
  describe(name, () => {
    let ledger: PromiseLedger
    let cleanup: () => Promise<void>

    beforeAll(async () => {
      const store = await open()
      cleanup = store.cleanup
      ledger = await openLedger({ url: store.url })
    })
    afterAll(async () => {
      await ledger?.close()
      await cleanup?.()
    })

    it("records a program from plain JSON commands and summarises it", async () => {
      const programId = uniqueProgram("promise")
      for (const command of setupJson(programId, 5, 2)) await ledger.execute(command, context())
      for (let s = 0; s < 2; s++) for (let p = 0; p < 5; p++) await ledger.execute(markJson(programId, s, p), context())
      await ledger.execute({ _tag: "CloseProgram", programId, occurredAt: "2024-09-03T03:00:00.000Z" }, context())
      const result = await ledger.execute(
        {
          _tag: "IssueCertificate",
          programId,
          occurredAt: "2024-09-03T03:00:00.000Z",
          certificateId: `C-${programId}`,
          participantId: participantId(0),
          type: "completion",
          issuedAt: "2024-09-03T03:00:00.000Z",
          issuer: "LPCIP",
          signatories: [{ title: "Kepala Lapas" }]
        },
        context()
      )
      expect(result.certificate?.number).toMatch(/^\d{3}\/SERT-BLK\/LPCIP\/IX\/2024$/)
      expect(result.certificate?.verificationCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
      expect(result.events[0]).toMatchObject({ _tag: "CertificateIssued", issuedAt: "2024-09-03T03:00:00.000Z" })

      const summary = await ledger.summary(programId)
      expect(summary).toMatchObject({ sessionsHeld: 2, attendanceRate: 1 })
      expect(summary?.enrolled).toEqual({ inmate: 4, detainee: 0, officer: 1, total: 5 })
      expect(summary?.certified.officer).toBe(1)

      const history = await ledger.history(programId)
      expect(history.map((h) => h.type).slice(0, 3)).toEqual([
        "ProgramDrafted",
        "AuthorisationAttached",
        "ProgramPublished"
      ])
      expect(typeof history[0]!.data).toBe("object")
      expect(history[0]!.actor.id).toBe("officer-1")
      expect(await ledger.verify()).toMatchObject({ _tag: "Intact" })
    })

    it("records the founding case from JSON: three certificates, one petugas and two WBP", async () => {
      const programId = uniqueProgram("promise-cipinang")
      const scenario = foundingCase({ programId, verificationCodeHash: () => "0".repeat(64) })
      // What a system without Effect sends: plain JSON, instants as ISO strings.
      const json = scenario.commands.map((c) => JSON.parse(JSON.stringify(encode(fromDomain(c)))))
      const numbers: Array<string> = []
      for (const command of json) {
        const result = await ledger.execute(command, context())
        if (result.certificate !== undefined) numbers.push(result.certificate.number)
      }
      expect(numbers).toHaveLength(3)
      for (const n of numbers) expect(n).toMatch(/^\d{3}\/SERT-BLK\/LPCIP\/IX\/2024$/)
      const summary = await ledger.summary(programId)
      expect(summary?.certified).toEqual({ officer: 1, inmate: 2, detainee: 0, total: 3 })
      expect(summary?.letters[0]?.letterNumber).toBe("B-535/IKMA.3/IND/VII/2024")
      expect(summary?.partners).toEqual([{ organisation: "Yayasan Batik Indonesia", role: "trainer" }])
      expect(summary?.closedAt?.toISOString()).toBe("2024-09-07T03:00:00.000Z")
    })

    it("answers a repeated command id without recording it twice", async () => {
      const programId = uniqueProgram("promise-repeat")
      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context())
      const once = context()
      const first = await ledger.execute(markJson(programId, 0, 0), once)
      const again = await ledger.execute(markJson(programId, 0, 0), once)
      expect(again).toMatchObject({ alreadyExecuted: true, positions: first.positions, version: first.version })
      expect((await ledger.history(programId)).filter((e) => e.commandId === once.commandId)).toHaveLength(1)
    })

    it("rejects a domain rule with the tagged error, its _tag and message intact", async () => {
      const programId = uniqueProgram("promise-reject")
      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context())
      const rejection = await ledger.execute(markJson(programId, 0, 7), context()).catch((e) => e)
      expect(rejection._tag).toBeTypeOf("string")
      expect(rejection._tag).not.toBe("FiberFailure")
      expect(rejection.message).toContain(participantId(7))
    })

    it("rejects malformed input with InvalidCommand naming the field", async () => {
      const programId = uniqueProgram("promise-invalid")
      const bad = { ...setupJson(programId, 1, 1)[0]!, plannedStart: "3 September 2024" }
      const rejection = await ledger.execute(bad as any, context()).catch((e) => e)
      expect(rejection._tag).toBe("InvalidCommand")
      expect(rejection.field).toContain("plannedStart")
    })

    it("keeps personal data in the registry, and erasure keeps replay and summaries working", async () => {
      const programId = uniqueProgram("promise-erase")
      const person = `${programId}-person`
      await ledger.participants.register({
        participantId: person,
        kind: "inmate",
        facility: "LPCIP",
        fullName: "Peserta Contoh",
        nik: "3171010101010001",
        inmateNumber: "B.I-123/2024"
      })
      const twice = await ledger.participants
        .register({ participantId: person, kind: "inmate", facility: "LPCIP", fullName: "Orang Lain" })
        .catch((e) => e)
      expect(twice).toMatchObject({ _tag: "ParticipantAlreadyRegistered", participantId: person })
      expect((await ledger.participants.get(person))?.status).toBe("registered")
      const invalid = await ledger.participants
        .register({ participantId: `${person}-2`, kind: "officer", facility: "LPCIP", fullName: "X", nip: "123" })
        .catch((e) => e)
      expect(invalid).toMatchObject({ _tag: "InvalidParticipantData", field: "nip" })

      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context())
      await ledger.execute(
        {
          _tag: "EnrollParticipant",
          programId,
          occurredAt: "2024-08-22T03:00:00.000Z",
          participantId: person,
          kind: "inmate",
          startDate: "2024-09-02",
          enrolledBy: "officer-1",
          overbookingReason: "extra seat approved by the head of BLK"
        },
        context()
      )
      const before = await ledger.summary(programId)
      const erased = await ledger.participants.erase(person, "lawful erasure request")
      expect(erased.status).toBe("erased")
      expect(JSON.stringify(await ledger.participants.get(person))).not.toContain("Peserta Contoh")
      expect(JSON.stringify(await ledger.participants.get(person))).not.toContain("3171010101010001")
      const history = await ledger.history(programId)
      expect(JSON.stringify(history)).not.toContain("Peserta Contoh")
      expect(await ledger.summary(programId)).toEqual(before)
      expect(await ledger.verify()).toMatchObject({ _tag: "Intact" })
    })
  })
