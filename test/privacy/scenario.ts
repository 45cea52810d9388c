/**
 * A small program that ends with a certificate for one registered inmate, recorded through the
 * Ledger by the roles the policy gives each command: the on-disk and rotation tests use it to put
 * a person's data everywhere it goes (the registry, the key table, a certificate event).
 */
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import { markJson, participantId, setupJson } from "../../examples/scenario/attendanceProgram.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as Requests from "../../src/ledger/Requests.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"

/** A person whose values appear nowhere else: a name, a NIK and an inmate number unique to this run. */
export const uniquePerson = (participantId: string) => {
  const tag = randomBytes(4).toString("hex")
  const digits = Array.from(randomBytes(16), (b) => String(b % 10)).join("")
  return {
    participantId,
    kind: "inmate" as const,
    facility: "LPCIP",
    fullName: `Ratna Sekar ${tag.toUpperCase()}`,
    nik: `3171${digits.slice(0, 12)}`,
    inmateNumber: `B.I-${tag}/2024`
  }
}

const context = (tag: string) => ({ actor: actorFor(tag), source: "user" as const, commandId: crypto.randomUUID() })

/** Registers `person` (as P-002 of a two-person program) and records the program up to its certificate. */
export const certify = (programId: string, person: ReturnType<typeof uniquePerson>) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const registry = yield* ParticipantRegistry
    yield* registry.register(person, castOf("LPCIP").officer)
    const run = (json: unknown) =>
      Effect.flatMap(Requests.decode(json), (command) => ledger.execute(command, context(command._tag)))
    for (const command of setupJson(programId, 2, 1)) yield* run(command)
    yield* run(markJson(programId, 0, 1))
    yield* run({ _tag: "CloseProgram", programId, occurredAt: "2024-09-03T03:00:00.000Z" })
    const issued = yield* run({
      _tag: "IssueCertificate",
      programId,
      occurredAt: "2024-09-03T03:00:00.000Z",
      certificateId: `C-${programId}`,
      participantId: participantId(1),
      type: "completion",
      issuedAt: "2024-09-03T03:00:00.000Z",
      issuer: "LPCIP",
      signatories: [{ title: "Kepala Lapas" }]
    })
    const event = issued.events[0]!
    if (event._tag !== "CertificateIssued") return yield* Effect.dieMessage("expected a certificate")
    return { certificateId: event.certificateId, holderName: event.holderName }
  })
