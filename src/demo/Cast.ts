/**
 * Who records what in a facility's program, by the roles of the default access policy
 * (docs/access-policy.md): the BLK's program officer runs the administration, the partner's
 * trainer takes attendance in class, the partner's assessor records results, the head of the
 * facility (Kalapas) closes the program and signs the certificates. The Ledger refuses a command
 * from a role the policy does not allow, so examples and tests record each command as the person
 * who would.
 */

/** An actor as a command context carries it. */
export interface CastMember {
  readonly id: string
  readonly role: string
  readonly facility: string
}

/** The people of a program at `facility` (default LPCIP, Lapas Kelas I Cipinang). */
export const castOf = (facility = "LPCIP") => ({
  officer: { id: "officer-blk-01", role: "program-officer", facility },
  trainer: { id: "ybi-trainer-01", role: "trainer", facility },
  assessor: { id: "assessor-ybi-01", role: "assessor", facility },
  head: { id: "kalapas-01", role: "head-of-facility", facility },
  custody: { id: "sdp-custody-system", role: "system", facility },
  /** The data protection officer acts for every facility (from the directorate general). */
  dataProtection: { id: "dpo-ditjenpas-01", role: "data-protection-officer", facility: "DJPAS" }
})

const byTrainer = new Set(["RecordAttendance", "CorrectAttendance"])
const byAssessor = new Set(["RecordAssessmentResult", "CorrectAssessmentResult", "VoidAssessmentResult"])
const byHead = new Set(["CloseProgram", "IssueCertificate", "RevokeCertificate", "ReissueCertificate"])

/** The member of the cast who records a command of this tag. */
export const actorFor = (tag: string, facility = "LPCIP"): CastMember => {
  const cast = castOf(facility)
  if (byTrainer.has(tag)) return cast.trainer
  if (byAssessor.has(tag)) return cast.assessor
  if (byHead.has(tag)) return cast.head
  return cast.officer
}
