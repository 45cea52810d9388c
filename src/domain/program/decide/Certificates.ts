/**
 * Certificates: issuing them against the completion policy, revoking and reissuing them.
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { isEncryptedField } from "../../EncryptedField.js"
import type { ParticipantId, SessionId } from "../../Identifiers.js"
import * as Calendar from "../Calendar.js"
import type * as C from "../Commands.js"
import { type AttendanceTally, emptyTally, isHeld, meetsAttendance, tally } from "../Definitions.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import type { Enrollment, State } from "../State.js"
import { attendanceKey, finalResult, validCertificate } from "../State.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, enrollmentOf, fail, ok, showValue } from "./Context.js"

/**
 * Attendance of a participant as the completion policy counts it (`Definitions.tally`): the
 * sessions held (`Definitions.isHeld`: not cancelled, started by the close) on days the
 * participant was enrolled and attending, minus excused absences when the policy takes them out
 * of the denominator; `attended` are the present or late marks among them.
 *
 * @since 0.1.0
 * @category certificates
 */
export const attendanceOf = (state: State, participantId: ParticipantId): AttendanceTally => {
  const def = state.definition
  const e = state.enrollments.get(participantId)
  if (def === undefined || e === undefined) return emptyTally
  const tz = Option.getOrUndefined(Calendar.zone(def.timeZone))
  const sessions = Array.from(state.sessions.values()).map((s) => ({
    sessionId: s.sessionId,
    date: s.slot.date,
    held: isHeld(
      s.cancelled,
      tz === undefined ? Number.NaN : Calendar.slotStartMillis(s.slot, tz),
      state.closedAtMillis
    )
  }))
  return tally(
    def.completionPolicy.excusedAbsencesLeaveDenominator,
    e,
    sessions,
    (sessionId) => state.attendance.get(attendanceKey(sessionId as SessionId, participantId))?.current.outcome
  )
}

const numberFor = (ctx: Context, sequence: number, issuedAt: DateTime.Utc, issuer: string): string => {
  const parts = Calendar.localParts(issuedAt, ctx.tz)
  return Calendar.formatNumber(ctx.def.certificateNumberTemplate, {
    sequence,
    facility: ctx.def.facility,
    issuer,
    month: parts.month,
    year: parts.year
  })
}

const checkIssueFields = (hash: string, sequence: number, field: string) => {
  if (!/^[0-9a-f]{64}$/.test(hash))
    return new E.InvalidCertificateField({
      field,
      value: hash,
      rule: "must be the 64 lower-case hex characters of a SHA-256 digest"
    })
  if (!(Number.isSafeInteger(sequence) && sequence >= 1))
    return new E.InvalidCertificateField({
      field: "sequence",
      value: String(sequence),
      rule: "must be a positive integer"
    })
  return undefined
}

/** A new certificate records the holder's name as printed (encrypted by the caller). */
const checkHolderName = (holderName: C.IssueCertificate["holderName"]) =>
  isEncryptedField(holderName)
    ? undefined
    : new E.InvalidCertificateField({
        field: "holderName",
        value: holderName,
        rule: "a new certificate records the holder's name as printed, encrypted with the holder's key"
      })

/** The completion policy, checked in a fixed order so the first failing rule is reported. */
const completionProblem = (ctx: Context, e: Enrollment): E.ProgramError | undefined => {
  const policy = ctx.def.completionPolicy
  if (
    policy.requireEnrollmentCompleted &&
    e.status !== "active" &&
    !(e.status === "ended" && e.endReason === "completed")
  )
    return new E.EnrollmentNotCompleted({
      participantId: e.participantId,
      status: e.status,
      ...(e.endReason === undefined ? {} : { endReason: e.endReason })
    })
  const { applicable, attended } = attendanceOf(ctx.state, e.participantId)
  if (!meetsAttendance(policy.minAttendanceRatio, { applicable, attended }))
    return new E.AttendanceBelowThreshold({
      participantId: e.participantId,
      attended,
      applicable,
      minimum: policy.minAttendanceRatio
    })
  const required =
    policy.requiredAssessments === "all"
      ? Array.from(ctx.state.assessments.keys()).sort()
      : [...policy.requiredAssessments]
  for (const assessmentId of required) {
    const final = finalResult(ctx.state, assessmentId, e.participantId)
    if (!final?.passed)
      return new E.RequiredAssessmentNotPassed({
        participantId: e.participantId,
        assessmentId,
        finalResult: !ctx.state.assessments.has(assessmentId)
          ? "the assessment is not defined"
          : final === undefined
            ? "no result"
            : `${showValue(final.value)} on attempt ${final.attempt}`
      })
  }
  return undefined
}

/**
 * IssueCertificate: a completion certificate when the completion policy is met, or a
 * participation certificate when the policy allows one and the participant attended.
 *
 * @since 0.1.0
 * @category decide
 */
export const issueCertificate = (c: C.IssueCertificate, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed"])
  if (forbidden) return fail(forbidden)
  if (ctx.state.certificates.has(c.certificateId))
    return fail(new E.CertificateIdTaken({ certificateId: c.certificateId }))
  const bad = checkIssueFields(c.verificationCodeHash, c.sequence, "verificationCodeHash")
  if (bad) return fail(bad)
  if (c.signatories.length === 0)
    return fail(
      new E.InvalidCertificateField({ field: "signatories", value: "[]", rule: "name at least one signing official" })
    )
  const noName = checkHolderName(c.holderName)
  if (noName) return fail(noName)
  return Either.flatMap(enrollmentOf(ctx, c.participantId), (e) => {
    const held = validCertificate(ctx.state, c.participantId, c.type)
    if (held)
      return fail(
        new E.ValidCertificateExists({
          participantId: c.participantId,
          type: c.type,
          certificateId: held.certificateId
        })
      )
    if (c.type === "completion") {
      const problem = completionProblem(ctx, e)
      if (problem) return fail(problem)
    } else {
      if (!ctx.def.completionPolicy.allowParticipationCertificate)
        return fail(
          new E.ParticipationCertificateNotAllowed({
            participantId: c.participantId,
            rule: "the program's policy does not allow participation certificates"
          })
        )
      if (attendanceOf(ctx.state, c.participantId).attended === 0)
        return fail(
          new E.ParticipationCertificateNotAllowed({ participantId: c.participantId, rule: "they attended no session" })
        )
    }
    const { _tag, occurredAt: _, verificationCodeHash, ...fields } = c
    return ok(
      new Ev.CertificateIssued({
        ...fields,
        verificationCodeHash: verificationCodeHash as Ev.CertificateIssued["verificationCodeHash"],
        number: numberFor(ctx, c.sequence, c.issuedAt, c.issuer)
      })
    )
  })
}

const certificateOf = (ctx: Context, certificateId: C.IssueCertificate["certificateId"]) => {
  const cert = ctx.state.certificates.get(certificateId)
  if (cert === undefined) return Either.left<E.ProgramError>(new E.CertificateNotFound({ certificateId }))
  if (cert.status !== "valid")
    return Either.left<E.ProgramError>(new E.CertificateNotValid({ certificateId, status: cert.status }))
  return Either.right(cert)
}

/**
 * RevokeCertificate: revokes a valid certificate.
 *
 * @since 0.1.0
 * @category decide
 */
export const revokeCertificate = (c: C.RevokeCertificate, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed", "archived"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(certificateOf(ctx, c.certificateId), () => {
    const { _tag, occurredAt: _, ...fields } = c
    return ok(new Ev.CertificateRevoked(fields))
  })
}

/**
 * ReissueCertificate: replaces a valid certificate with a new one, with a reason.
 *
 * @since 0.1.0
 * @category decide
 */
export const reissueCertificate = (c: C.ReissueCertificate, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed", "archived"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(certificateOf(ctx, c.supersedes), (old) => {
    if (ctx.state.certificates.has(c.newCertificateId))
      return fail(new E.CertificateIdTaken({ certificateId: c.newCertificateId }))
    const bad = checkIssueFields(c.newVerificationCodeHash, c.newSequence, "newVerificationCodeHash")
    if (bad) return fail(bad)
    const noName = checkHolderName(c.holderName)
    if (noName) return fail(noName)
    if (blank(c.reason)) return fail(new E.ReasonRequired({ field: "reason", because: "a reissue says why" }))
    return ok(
      new Ev.CertificateReissued({
        programId: c.programId,
        supersedes: c.supersedes,
        newCertificateId: c.newCertificateId,
        participantId: old.participantId,
        type: old.type,
        newNumber: numberFor(ctx, c.newSequence, c.issuedAt, c.issuer),
        newSequence: c.newSequence,
        newVerificationCodeHash: c.newVerificationCodeHash as Ev.CertificateReissued["newVerificationCodeHash"],
        holderName: c.holderName,
        reason: c.reason,
        issuedAt: c.issuedAt,
        issuer: c.issuer
      })
    )
  })
}
