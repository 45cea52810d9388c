/**
 * Certificates recorded before holder names were kept (schema version 1, no `holderName`) read as
 * "not recorded" through the library's own upcaster, on memory and on a SQLite file (two read
 * paths): replay works, the program's state holds the certificate, the stored row is unchanged
 * (the chain verifies), and a reissue records the holder's name, encrypted, on the new certificate.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, type Scope } from "effect"
import { markJson, participantId, setupJson } from "../../examples/scenario/attendanceProgram.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import * as Program from "../../src/domain/Program.js"
import * as EventCodec from "../../src/events/EventCodec.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as Requests from "../../src/ledger/Requests.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import * as Stores from "../../src/stores/Stores.js"
import * as Databases from "../support/databases.js"

const at = "2024-09-03T03:00:00.000Z"
const context = (tag: string) => ({ actor: actorFor(tag), source: "user" as const, commandId: crypto.randomUUID() })

const scenario = (database: Effect.Effect<Databases.Database, never, Scope.Scope>) =>
  Effect.gen(function* () {
    const db = yield* database
    yield* Effect.gen(function* () {
      const ledger = yield* Ledger.Ledger
      const store = yield* EventStore
      const registry = yield* ParticipantRegistry
      const programId = "UPCAST-1"
      yield* registry.register(
        { participantId: participantId(0), kind: "officer", facility: "LPCIP", fullName: "Petugas Lama" },
        castOf().officer
      )
      const run = (json: unknown) => Effect.flatMap(Requests.decode(json), (c) => ledger.execute(c, context(c._tag)))
      for (const json of setupJson(programId, 1, 1)) yield* run(json)
      yield* run(markJson(programId, 0, 0))
      const closed = yield* run({ _tag: "CloseProgram", programId, occurredAt: at })

      // A certificate as 0.1.0 recorded it: schema version 1, no holder name.
      const v2 = EventCodec.program.encode(
        new Program.CertificateIssued({
          programId: programId as Program.CertificateIssued["programId"],
          certificateId: "C-OLD" as Program.CertificateIssued["certificateId"],
          participantId: participantId(0) as Program.CertificateIssued["participantId"],
          type: "completion",
          number: "001/SERT-BLK/LPCIP/IX/2024",
          sequence: 1,
          verificationCodeHash: "ab".repeat(32) as Program.CertificateIssued["verificationCodeHash"],
          holderName: Program.NotRecorded,
          issuedAt: (yield* Requests.decode({ _tag: "PublishProgram", programId, occurredAt: at })).occurredAt,
          issuer: "LPCIP" as Program.CertificateIssued["issuer"],
          signatories: [new Program.Signatory({ title: "Kepala Lapas" })]
        }),
        crypto.randomUUID(),
        new Date(at)
      )
      const { holderName: _, ...v1Data } = v2.data as Record<string, unknown>
      expect(v2.schemaVersion).toBe(2)
      yield* store.append(Program.streamId(programId), closed.version, [{ ...v2, schemaVersion: 1, data: v1Data }], {
        actor: { id: "import", role: "system", facility: "LPCIP" },
        source: "import"
      })

      const history = yield* ledger.history(programId)
      const old = history[history.length - 1]!
      expect(old.schemaVersion).toBe(2)
      expect(old.event).toMatchObject({ _tag: "CertificateIssued", holderName: "not-recorded" })
      const state = Option.getOrThrow(yield* ledger.getProgram(programId))
      expect(state.certificates.get("C-OLD" as Program.CertificateIssued["certificateId"])?.status).toBe("valid")

      const reissued = yield* run({
        _tag: "ReissueCertificate",
        programId,
        occurredAt: at,
        supersedes: "C-OLD",
        newCertificateId: "C-NEW",
        reason: "the name was not recorded on the old one",
        issuedAt: at,
        issuer: "LPCIP"
      })
      const event = reissued.events[0]!
      expect(event._tag).toBe("CertificateReissued")
      if (event._tag === "CertificateReissued") {
        expect(yield* registry.openField(participantId(0), "fullName", event.holderName)).toBe("Petugas Lama")
      }
      expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
    }).pipe(Effect.provide(Stores.layerLedger(db.url, { privacy: PrivacyKeys.random() })))
  })

describe("certificates of schema version 1", () => {
  it.scoped("read as not recorded, replay, and reissue with the name (memory)", () => scenario(Databases.memory))
  it.scoped("read as not recorded, replay, and reissue with the name (SQLite file)", () => scenario(Databases.sqlite))
})
