import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import type { CertificateId, ParticipantId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import { run } from "./givenWhenThen.js"

const fakeHash = (id: CertificateId): string => {
  // a deterministic stand-in for sha256(verification code): 64 hex characters
  let h = 0
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return h.toString(16).padStart(8, "0").repeat(8)
}

describe("the founding case: Bimtek Wirausaha Baru IKM Batik, Lapas Kelas I Cipinang, September 2024", () => {
  const scenario = foundingCase({ firstSequence: 7, verificationCodeHash: fakeHash })
  const { events, state } = run(scenario.commands)
  const closed = run(scenario.beforeCertificates).state

  it("has 25 participants, officers and inmates in one cohort", () => {
    expect(scenario.participants).toHaveLength(25)
    expect(state.enrollments.size).toBe(25)
    expect(scenario.participants.filter((p) => p.kind === "officer")).toHaveLength(5)
    expect(scenario.participants.filter((p) => p.kind === "inmate")).toHaveLength(20)
  })

  it("records the letter, the partner and the closing at 10:00 WIB", () => {
    const drafted = events.find((e) => e._tag === "ProgramDrafted")
    expect(drafted?._tag === "ProgramDrafted" && drafted.timeZone).toBe("Asia/Jakarta")
    expect(state.authorisations).toEqual(["B-535/IKMA.3/IND/VII/2024"])
    expect(state.partners).toEqual(new Map([["Yayasan Batik Indonesia", "trainer"]]))
    const close = events.find((e) => e._tag === "ProgramClosed")
    expect(close?._tag === "ProgramClosed" && close.closedAt.toJSON()).toBe("2024-09-07T03:00:00.000Z")
  })

  it("certifies exactly three: one officer and two inmates, numbered by the template", () => {
    const issued = events.filter((e): e is Program.CertificateIssued => e._tag === "CertificateIssued")
    expect(issued).toHaveLength(3)
    const kinds = issued.map((c) => state.enrollments.get(c.participantId)!.kind).sort()
    expect(kinds).toEqual(["inmate", "inmate", "officer"])
    expect(issued.map((c) => c.number)).toEqual([
      "007/SERT-BLK/LPCIP/IX/2024",
      "008/SERT-BLK/LPCIP/IX/2024",
      "009/SERT-BLK/LPCIP/IX/2024"
    ])
    expect(issued.map((c) => c.number)).toEqual(scenario.certified.map((c) => c.expectedNumber))
    for (const c of issued) expect(c.number).toMatch(/^\d{3}\/SERT-BLK\/LPCIP\/IX\/2024$/)
  })

  it("gives every other participant a stated reason, which IssueCertificate answers with", () => {
    const certifiedIds = new Set<ParticipantId>(scenario.certified.map((c) => c.participantId))
    const others = scenario.participants.filter((p) => !certifiedIds.has(p.participantId))
    expect(others).toHaveLength(22)
    expect(scenario.shortfalls.map((s) => s.participantId).sort()).toEqual(others.map((p) => p.participantId).sort())
    let sequence = 100
    for (const shortfall of scenario.shortfalls) {
      const attempt = new Program.IssueCertificate({
        ...scenario.certificates[0]!,
        certificateId: `try-${shortfall.participantId}` as CertificateId,
        participantId: shortfall.participantId,
        sequence: sequence++
      })
      const result = Program.decide(attempt, closed)
      expect(Either.isLeft(result), `${shortfall.participantId} should be refused`).toBe(true)
      if (Either.isLeft(result)) {
        expect(result.left._tag, `${shortfall.participantId}: ${result.left.message}`).toBe(shortfall.reason)
        expect(result.left.message).toContain(shortfall.participantId)
      }
    }
  })

  it("states attendance shortfalls in the officer's terms", () => {
    const attempt = new Program.IssueCertificate({
      ...scenario.certificates[0]!,
      certificateId: "try" as CertificateId,
      participantId: "cip-batik-2024-p17" as ParticipantId
    })
    const result = Program.decide(attempt, closed)
    expect(Either.isLeft(result) && result.left.message).toBe(
      "Participant cip-batik-2024-p17 attended 6 of 8 sessions (75%), below the program's minimum of 80%: a completion certificate cannot be issued"
    )
  })

  it("numbers certificates in the program's time zone: the (LPCIP, 2024) stream", () => {
    expect(Program.numberingKey(scenario.certificates[0]!, closed)).toEqual(
      Option.some({ issuer: "LPCIP", year: 2024 })
    )
  })
})
