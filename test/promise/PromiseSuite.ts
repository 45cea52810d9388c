/**
 * The Promise API as a developer who has never used Effect sees it, run once per store URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type LogEvent, openLedger, type PromiseLedger } from "../../src/promise.js"
import { Schema } from "effect"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import { fromDomain, LedgerCommand } from "../../src/ledger/Requests.js"
import { markJson, participantId, setupJson } from "../../examples/scenario/attendanceProgram.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"

const encode = Schema.encodeSync(LedgerCommand)

/** The context of a command, recorded by the role the access policy gives it (`scenario/cast.ts`). */
const context = (command: { readonly _tag: string }) => ({
  actor: actorFor(command._tag),
  source: "user" as const,
  commandId: crypto.randomUUID()
})
const cast = castOf("LPCIP")

let counter = 0
const uniqueProgram = (label: string) => `${label}-${process.pid}-${++counter}-${Date.now().toString(36)}`

export const suite = (name: string, open: () => Promise<{ url: string; cleanup: () => Promise<void> }>) =>
  describe(name, () => {
    let ledger: PromiseLedger
    let cleanup: () => Promise<void>

    beforeAll(async () => {
      const store = await open()
      cleanup = store.cleanup
      ledger = await openLedger({ url: store.url, privacy: PrivacyKeys.random() })
    })
    afterAll(async () => {
      await ledger?.close()
      await cleanup?.()
    })

    it("records a program from plain JSON commands and summarises it", async () => {
      const programId = uniqueProgram("promise")
      await ledger.participants
        .register(
          { participantId: participantId(0), kind: "officer", facility: "LPCIP", fullName: "Petugas Contoh" },
          cast.officer
        )
        .catch((e) => expect(e._tag).toBe("ParticipantAlreadyRegistered"))
      for (const command of setupJson(programId, 5, 2)) await ledger.execute(command, context(command))
      for (let s = 0; s < 2; s++) {
        for (let p = 0; p < 5; p++)
          await ledger.execute(markJson(programId, s, p), context({ _tag: "RecordAttendance" }))
      }
      await ledger.execute(
        { _tag: "CloseProgram", programId, occurredAt: "2024-09-03T03:00:00.000Z" },
        context({ _tag: "CloseProgram" })
      )
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
        context({ _tag: "IssueCertificate" })
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
      expect(history[0]!.actor).toEqual(cast.officer)
      // The certificate's holder name is in the event, encrypted: never the name itself.
      const issued = history.find((h) => h.type === "CertificateIssued")!.data as { holderName: string }
      expect(issued.holderName).toMatch(/^enc:v1:/)
      expect(JSON.stringify(history)).not.toContain("Petugas Contoh")
      expect(await ledger.verify()).toMatchObject({ _tag: "Intact" })
    })

    it("records the founding case from JSON: three certificates, one petugas and two WBP", async () => {
      const programId = uniqueProgram("promise-cipinang")
      const scenario = foundingCase({ programId, verificationCodeHash: () => "0".repeat(64) })
      // What a system without Effect sends: plain JSON, instants as ISO strings.
      const json = scenario.commands.map((c) => JSON.parse(JSON.stringify(encode(fromDomain(c)))))
      for (const p of scenario.participants) {
        await ledger.participants
          .register(
            { participantId: p.participantId, kind: p.kind, facility: "LPCIP", fullName: p.displayName },
            cast.officer
          )
          .catch((e) => expect(e._tag).toBe("ParticipantAlreadyRegistered"))
      }
      const numbers: Array<string> = []
      for (const command of json) {
        const result = await ledger.execute(command, context(command))
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
      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context(command))
      const once = context({ _tag: "RecordAttendance" })
      const first = await ledger.execute(markJson(programId, 0, 0), once)
      const again = await ledger.execute(markJson(programId, 0, 0), once)
      expect(again).toMatchObject({ alreadyExecuted: true, positions: first.positions, version: first.version })
      expect((await ledger.history(programId)).filter((e) => e.commandId === once.commandId)).toHaveLength(1)
    })

    it("rejects a domain rule with the tagged error, its _tag and message intact", async () => {
      const programId = uniqueProgram("promise-reject")
      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context(command))
      const rejection = await ledger
        .execute(markJson(programId, 0, 7), context({ _tag: "RecordAttendance" }))
        .catch((e) => e)
      expect(rejection._tag).toBeTypeOf("string")
      expect(rejection._tag).not.toBe("FiberFailure")
      expect(rejection.message).toContain(participantId(7))
    })

    it("rejects malformed input with InvalidCommand naming the field", async () => {
      const programId = uniqueProgram("promise-invalid")
      const bad = { ...setupJson(programId, 1, 1)[0]!, plannedStart: "3 September 2024" }
      const rejection = await ledger.execute(bad as any, context(bad)).catch((e) => e)
      expect(rejection._tag).toBe("InvalidCommand")
      expect(rejection.field).toContain("plannedStart")
    })

    it("keeps personal data in the registry, encrypted, shown as each role may see it; erasure keeps replay and summaries working", async () => {
      const programId = uniqueProgram("promise-erase")
      const person = `${programId}-person`
      const nik = `3171${String(Date.now()).slice(-12)}`
      await ledger.participants.register(
        {
          participantId: person,
          kind: "inmate",
          facility: "LPCIP",
          fullName: "Peserta Contoh",
          nik,
          inmateNumber: "B.I-123/2024"
        },
        cast.officer
      )
      const twice = await ledger.participants
        .register({ participantId: person, kind: "inmate", facility: "LPCIP", fullName: "Orang Lain" }, cast.officer)
        .catch((e) => e)
      expect(twice).toMatchObject({ _tag: "ParticipantAlreadyRegistered", participantId: person })
      // The same NIK under another id: refused through the blind index (the NIK itself is stored nowhere).
      const sameNik = await ledger.participants
        .register(
          {
            participantId: `${person}-twin`,
            kind: "inmate",
            facility: "LPCIP",
            fullName: "Orang Lain",
            nik
          },
          cast.officer
        )
        .catch((e) => e)
      expect(sameNik).toMatchObject({ _tag: "IdentityNumberTaken", field: "nik", registeredAs: person })
      const invalid = await ledger.participants
        .register(
          { participantId: `${person}-2`, kind: "officer", facility: "LPCIP", fullName: "X", nip: "123" },
          cast.officer
        )
        .catch((e) => e)
      expect(invalid).toMatchObject({ _tag: "InvalidParticipantData", field: "nip" })
      const notAllowed = await ledger.participants
        .register({ participantId: `${person}-3`, kind: "inmate", facility: "LPCIP", fullName: "X" }, cast.trainer)
        .catch((e) => e)
      expect(notAllowed).toMatchObject({ _tag: "NotAuthorised", role: "trainer", command: "RegisterParticipant" })

      // Each role sees what the policy lets it see.
      expect(await ledger.participants.get(person, cast.dataProtection)).toMatchObject({
        status: "registered",
        fullName: "Peserta Contoh",
        nik,
        inmateNumber: "B.I-123/2024"
      })
      expect(await ledger.participants.get(person, cast.officer)).toMatchObject({
        fullName: "Peserta Contoh",
        nik: "[hidden]",
        inmateNumber: "B.I-123/2024"
      })
      expect(
        await ledger.participants.get(person, { id: "min-1", role: "ministry", facility: "KEMENKUMHAM" })
      ).toMatchObject({
        fullName: "P****** C*****",
        nik: "[hidden]",
        inmateNumber: "[hidden]"
      })
      const analyst = await ledger.participants
        .get(person, { id: "an-1", role: "analyst", facility: "BAPPENAS" })
        .catch((e) => e)
      expect(analyst).toMatchObject({ _tag: "NotAuthorised", role: "analyst" })
      const otherFacility = await ledger.participants.get(person, castOf("LPBDG").officer).catch((e) => e)
      expect(otherFacility).toMatchObject({ _tag: "NotAuthorised", reason: "other-facility" })
      expect(
        (await ledger.participants.findByNik(` ${nik.slice(0, 8)} ${nik.slice(8)} `, cast.officer))?.participantId
      ).toBe(person)

      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context(command))
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
        context({ _tag: "EnrollParticipant" })
      )
      const before = await ledger.summary(programId)
      const refused = await ledger.participants
        .erase(person, { lawfulBasis: "lawful erasure request" }, cast.officer)
        .catch((e) => e)
      expect(refused).toMatchObject({ _tag: "NotAuthorised", role: "program-officer", command: "EraseParticipant" })
      const erased = await ledger.participants.erase(
        person,
        { lawfulBasis: "permintaan subjek data, UU 27/2022 ps. 8", reference: "PDP/2024/17" },
        cast.dataProtection
      )
      expect(erased).toMatchObject({
        status: "erased",
        erasure: {
          erasedBy: cast.dataProtection,
          lawfulBasis: "permintaan subjek data, UU 27/2022 ps. 8",
          reference: "PDP/2024/17"
        }
      })
      const after = JSON.stringify(await ledger.participants.get(person, cast.dataProtection))
      for (const value of ["Peserta Contoh", nik, "B.I-123/2024"]) expect(after).not.toContain(value)
      expect(await ledger.participants.findByNik(nik, cast.dataProtection)).toBeUndefined()
      const history = await ledger.history(programId)
      expect(JSON.stringify(history)).not.toContain("Peserta Contoh")
      expect(await ledger.summary(programId)).toEqual(before)
      expect(await ledger.verify()).toMatchObject({ _tag: "Intact" })
      // The NIK is free again: the erased entry holds no index of it.
      await ledger.participants.register(
        { participantId: `${person}-again`, kind: "inmate", facility: "LPCIP", fullName: "Peserta Contoh", nik },
        cast.officer
      )
    })

    it("rotates the key-encryption key: a report with nothing remaining under another KEK", async () => {
      const report = await ledger.rotateKek()
      expect(report.remaining).toBe(0)
      expect(report.currentKekId).toMatch(/^kek-[0-9a-f]{16}$/)
    })

    it("reads any read model as JSON rows, refuses unknown names and columns, and replays a program as of a date", async () => {
      const programId = uniqueProgram("promise-read-models")
      for (const command of setupJson(programId, 3, 2)) await ledger.execute(command, context(command))
      for (let s = 0; s < 2; s++)
        for (let p = 0; p < 3; p++)
          await ledger.execute(markJson(programId, s, p), context({ _tag: "RecordAttendance" }))
      const roster = await ledger.readModel("program_roster", { programId })
      expect(roster.map((r) => r.participant_id)).toEqual([0, 1, 2].map(participantId))
      expect(typeof roster[0]!.enrolled_at).toBe("string")
      // an async read model is brought up to date first; a read model's name or its table's both work
      const marks = await ledger.readModel("attendance-register", {
        program_id: programId,
        participantId: participantId(0)
      })
      expect(marks.map((r) => r.outcome)).toEqual(["present", "present"])
      const unknown = await ledger.readModel("roster").catch((e) => e)
      expect(unknown).toMatchObject({ _tag: "UnknownReadModel", name: "roster" })
      expect(unknown.allowed).toContain("program_roster")
      const badColumn = await ledger.readModel("program_roster", { nickname: "x" }).catch((e) => e)
      expect(badColumn).toMatchObject({ _tag: "InvalidFilter", field: "nickname" })
      const badValue = await ledger.readModel("program_roster", { suspensions: "many" }).catch((e) => e)
      expect(badValue).toMatchObject({ _tag: "InvalidFilter", field: "suspensions" })
      // as of the first session's day (2 September, WIB): its marks only
      const asOf = await ledger.replay(programId, { _tag: "BusinessDate", date: "2024-09-02" })
      expect(asOf.attendance_register).toHaveLength(3)
      expect(asOf.program_roster).toHaveLength(3)
      const invalid = await ledger.replay(programId, { _tag: "BusinessDate", date: "2 September" }).catch((e) => e)
      expect(invalid).toMatchObject({ _tag: "InvalidAsOf", field: "date" })
      const summary = await ledger.summary(programId)
      expect(summary).toMatchObject({ sessionsHeld: 2, attendanceRate: 1 })
    })

    it("exports a read model as CSV (BOM, header of column names, Indonesian text intact, parsed back) and as JSON", async () => {
      const programId = uniqueProgram("promise-export")
      for (const command of setupJson(programId, 2, 1)) await ledger.execute(command, context(command))
      await ledger.execute(
        markJson(programId, 0, 0, { outcome: "unexcused-absence", reasonCode: "refused" }),
        context({ _tag: "RecordAttendance" })
      )
      const reason = "daftar hadir (absensi) bertanda tangan — “Bu Ani” memperbaiki; catatan: 5/9, 08.00 WIB"
      const correction = {
        _tag: "CorrectAttendance",
        programId,
        occurredAt: "2024-09-02T09:00:00.000Z",
        sessionId: "S-01",
        participantId: participantId(0),
        outcome: "present",
        correctionReason: reason
      } as const
      await ledger.execute(correction, context(correction))
      const csv = await ledger.exportReadModel("attendance_register", { programId }, { format: "csv" })
      expect(csv.startsWith("\uFEFF")).toBe(true)
      const records = parseCsv(csv.slice(1))
      const header = records[0]!
      expect(header.slice(0, 4)).toEqual(["program_id", "session_id", "participant_id", "session_date"])
      expect(records).toHaveLength(2)
      const row = Object.fromEntries(header.map((h, i) => [h, records[1]![i]]))
      expect(row).toMatchObject({
        program_id: programId,
        participant_id: participantId(0),
        outcome: "present",
        previous_outcome: "unexcused-absence",
        corrections: "1",
        correction_reason: reason
      })
      expect(row["recorded_at"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      const json = JSON.parse(await ledger.exportReadModel("attendance-register", { programId }, { format: "json" }))
      expect(json).toHaveLength(1)
      expect(json[0]).toMatchObject({ correction_reason: reason, corrections: 1 })
      const badFormat = await ledger
        .exportReadModel("attendance_register", {}, { format: "xlsx" as any })
        .catch((e) => e)
      expect(badFormat).toMatchObject({ _tag: "InvalidReadOptions", field: "format" })
    })

    it("reads the whole log in pages, in position order, and folds it; refuses malformed options naming the field", async () => {
      const programId = uniqueProgram("log")
      for (const command of setupJson(programId, 3, 1)) await ledger.execute(command, context(command))
      const head = await ledger.seal()

      // every event from position 1 to the head, once, in order, in pages of at most 7
      const pages: Array<ReadonlyArray<LogEvent>> = []
      for await (const page of ledger.events({ batchSize: 7 })) pages.push(page)
      const all = pages.flat()
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: head.position }, (_, i) => i + 1))
      expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true)
      expect(pages.at(-1)!.length).toBeGreaterThan(0)
      expect(all.at(-1)!.hash).toBe(head.hash)
      for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash)
      // JSON as the history shows the same events: instants as ISO strings, the envelope's metadata
      const ofProgram = all.filter((e) => e.streamId === `program-${programId}`)
      const history = await ledger.history(programId)
      expect(ofProgram.map((e) => [e.eventId, e.version, e.type, e.occurredAt, e.recordedAt, e.hash])).toEqual(
        history.map((e) => [e.eventId, e.version, e.type, e.occurredAt, e.recordedAt, e.hash])
      )
      expect(ofProgram.map((e) => e.metadata.actor)).toEqual(history.map((e) => e.actor))
      expect(ofProgram[0]!.data).toEqual(
        Object.fromEntries(Object.entries(history[0]!.data).filter(([k]) => k !== "_tag"))
      )
      expect(JSON.parse(JSON.stringify(all))).toEqual(all)

      // the fold sees the same events; a range is inclusive, read in the pages asked for
      const folded = await ledger.foldEvents(
        [] as Array<number>,
        (positions, e) => (positions.push(e.position), positions)
      )
      expect(folded).toEqual(all.map((e) => e.position))
      expect(head.position).toBeGreaterThanOrEqual(10)
      const range: Array<ReadonlyArray<number>> = []
      for await (const page of ledger.events({
        fromPosition: head.position - 9,
        toPosition: head.position - 1,
        batchSize: 4
      }))
        range.push(page.map((e) => e.position))
      expect(range.map((page) => page.length)).toEqual([4, 4, 1])
      expect(range.flat()).toEqual(Array.from({ length: 9 }, (_, i) => head.position - 9 + i))
      expect(await ledger.foldEvents(0, (n) => n + 1, { fromPosition: head.position + 1 })).toBe(0)

      const refused = (options: unknown) => ledger.foldEvents(0, (n) => n + 1, options as any).catch((e) => e)
      expect(await refused({ batchSize: 0 })).toMatchObject({ _tag: "InvalidReadOptions", field: "batchSize" })
      expect(await refused({ batchSize: 10_001 })).toMatchObject({ _tag: "InvalidReadOptions", field: "batchSize" })
      expect(await refused({ fromPosition: "1" })).toMatchObject({ _tag: "InvalidReadOptions", field: "fromPosition" })
      expect(await refused({ toPosition: 2.5 })).toMatchObject({ _tag: "InvalidReadOptions", field: "toPosition" })
      expect(await refused({ fromPositon: 3 })).toMatchObject({ _tag: "InvalidReadOptions", field: "fromPositon" })
      expect(await refused(42)).toMatchObject({ _tag: "InvalidReadOptions", field: "options" })
      const first = await ledger
        .events({ batchSize: -1 })
        [Symbol.asyncIterator]()
        .next()
        .catch((e) => e)
      expect(first).toMatchObject({
        _tag: "InvalidReadOptions",
        field: "batchSize",
        rule: "an integer from 1 to 10000"
      })
    })
  })

/** RFC 4180 records (quoted cells, doubled quotes, CRLF after every record). */
const parseCsv = (text: string): Array<Array<string>> => {
  const records: Array<Array<string>> = []
  let record: Array<string> = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++)
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ",") (record.push(cell), (cell = ""))
    else if (c === "\r" && text[i + 1] === "\n")
      (record.push(cell), records.push(record), (record = []), (cell = ""), i++)
    else cell += c
  }
  return records
}
