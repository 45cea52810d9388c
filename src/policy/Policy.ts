/**
 * Who may do and see what, as data: for each role, the commands it may execute, the read models
 * it may read, the personal fields it may see in them, and whether it acts for its own facility
 * or for all. One Schema describes it, so a policy exports as JSON, decodes (checked) from JSON,
 * and prints as Markdown for the docs (`PolicyMarkdown.ts`). `Authorize.ts` applies it.
 *
 * The default policy models a Lapas / Rutan running a Bimtek (DOMAIN.md):
 * - program officers run the program's administration: drafting, letters, partners, publishing,
 *   the waiting list, enrolment, sessions, attendance typed from the paper register, assessment
 *   definitions and reassessments, documentation, evaluation, registering participants;
 * - trainers (partner organisation) take attendance and record and correct assessment results;
 * - assessors define assessments and record, correct and void results and grant reassessments;
 * - the head of the facility closes the program and issues, revokes and reissues certificates
 *   (the signatory), and nothing else: issuing is separate from recording what it rests on;
 * - the custody system sends what custody decides: suspensions, resumptions, ends (release,
 *   transfer, death) and registrations;
 * - the data protection officer erases personal data on a lawful request and sees what a request
 *   for access needs;
 * - auditors read everything everywhere, with names but no identity numbers; the ministry reads
 *   the aggregate reports and the (masked) certificate register of every facility; analysts read
 *   aggregates only: no per-person rows, no names. None of the three writes.
 * There is no `admin` role: a role that may do everything would undo the separation above (the
 * one who records results would also sign the certificate). Operators change the policy instead.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Program from "../domain/Program.js"
import { PersonalFieldName } from "../privacy/PersonalField.js"

/**
 * @since 0.2.0
 * @category models
 */
export const Role = Schema.Literal(
  "program-officer",
  "trainer",
  "assessor",
  "head-of-facility",
  "system",
  "data-protection-officer",
  "auditor",
  "ministry",
  "analyst"
)

/**
 * @since 0.2.0
 * @category models
 */
export type Role = typeof Role.Type

/**
 * The read models of DOMAIN.md, by the name their tables and reports will carry.
 *
 * @since 0.2.0
 * @category models
 */
export const ReadModel = Schema.Literal(
  "roster",
  "attendance-register",
  "session-summary",
  "participant-attendance",
  "assessment-results",
  "transcript",
  "certificate-register",
  "program-summary",
  "evaluation-report",
  "audit-timeline"
)

/**
 * @since 0.2.0
 * @category models
 */
export type ReadModel = typeof ReadModel.Type

/**
 * Read models with a row per person (or per event about a person). The others are aggregates:
 * counts and rates, no participant ids.
 *
 * @since 0.2.0
 * @category constants
 */
export const perPersonReadModels: ReadonlySet<ReadModel> = new Set<ReadModel>([
  "roster",
  "attendance-register",
  "participant-attendance",
  "assessment-results",
  "transcript",
  "certificate-register",
  "audit-timeline"
])

type ProgramCommandTag = Program.Command["_tag"]

/**
 * Every Program command (the Ledger's requests carry the same tags), in the domain's order.
 *
 * @since 0.2.0
 * @category constants
 */
export const programCommandTags = Program.Command.members.map((member) => member._tag) as unknown as readonly [
  ProgramCommandTag,
  ...Array<ProgramCommandTag>
]

/**
 * The participant registry's actions, authorised like commands (their facility is the
 * participant's).
 *
 * @since 0.2.0
 * @category constants
 */
export const registryCommandTags = ["RegisterParticipant", "EraseParticipant"] as const

/**
 * @since 0.2.0
 * @category models
 */
export const CommandTag = Schema.Literal(...programCommandTags, ...registryCommandTags)

/**
 * @since 0.2.0
 * @category models
 */
export type CommandTag = typeof CommandTag.Type

/**
 * Every command tag the policy knows, programs first, registry last.
 *
 * @since 0.2.0
 * @category constants
 */
export const commandTags: ReadonlyArray<CommandTag> = [...programCommandTags, ...registryCommandTags]

/**
 * `own-facility`: the role acts on programs (and reads rows) of the actor's facility only.
 * `all-facilities`: anywhere.
 *
 * @since 0.2.0
 * @category models
 */
export const Scope = Schema.Literal("own-facility", "all-facilities")

/**
 * @since 0.2.0
 * @category models
 */
export type Scope = typeof Scope.Type

const noDuplicates = <A extends string>(item: Schema.Schema<A>) =>
  Schema.Array(item).pipe(
    Schema.filter((items) => {
      const seen = new Set<string>()
      for (const x of items) {
        if (seen.has(x)) return `"${x}" is listed twice`
        seen.add(x)
      }
      return true
    })
  )

/**
 * @since 0.2.0
 * @category models
 */
export const RolePolicy = Schema.Struct({
  role: Role,
  description: Schema.String,
  scope: Scope,
  commands: noDuplicates(CommandTag),
  readModels: noDuplicates(ReadModel),
  fields: noDuplicates(PersonalFieldName)
})

/**
 * @since 0.2.0
 * @category models
 */
export interface RolePolicy extends Schema.Schema.Type<typeof RolePolicy> {}

/**
 * A whole policy: every role exactly once.
 *
 * @since 0.2.0
 * @category models
 */
export const Policy = Schema.Struct({
  version: Schema.Literal(1),
  roles: Schema.Array(RolePolicy)
}).pipe(
  Schema.filter((policy) => {
    const listed = policy.roles.map((r) => r.role)
    const twice = listed.find((role, i) => listed.indexOf(role) !== i)
    if (twice !== undefined) return `role "${twice}" is listed twice`
    const missing = Role.literals.find((role) => !listed.includes(role))
    return missing === undefined ? true : `role "${missing}" is missing (list it with no commands to forbid everything)`
  })
)

/**
 * @since 0.2.0
 * @category models
 */
export interface Policy extends Schema.Schema.Type<typeof Policy> {}

const program = (...tags: ReadonlyArray<CommandTag>) => tags
const allReadModels: ReadonlyArray<ReadModel> = ReadModel.literals
const aggregates: ReadonlyArray<ReadModel> = allReadModels.filter((m) => !perPersonReadModels.has(m))

/**
 * The default policy (see the module's description for the reasoning).
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultPolicy: Policy = {
  version: 1,
  roles: [
    {
      role: "program-officer",
      description: "Facility officer who runs programs: everything but results, closing and certificates",
      scope: "own-facility",
      commands: program(
        "DraftProgram",
        "AttachAuthorisation",
        "AddPartner",
        "RemovePartner",
        "PublishProgram",
        "StartProgram",
        "CancelProgram",
        "ArchiveProgram",
        "AttachDocumentation",
        "RecordEvaluation",
        "ApplyToWaitlist",
        "ApproveApplication",
        "DeclineApplication",
        "WithdrawApplication",
        "EnrollParticipant",
        "SuspendEnrollment",
        "ResumeEnrollment",
        "EndEnrollment",
        "ScheduleSession",
        "RescheduleSession",
        "CancelSession",
        "UncancelSession",
        "RecordAttendance",
        "CorrectAttendance",
        "DefineAssessment",
        "GrantReassessment",
        "RegisterParticipant"
      ),
      readModels: allReadModels,
      fields: ["fullName", "nip", "inmateNumber"]
    },
    {
      role: "trainer",
      description: "Partner organisation's trainer: takes attendance, records and corrects assessment results",
      scope: "own-facility",
      commands: program("RecordAttendance", "CorrectAttendance", "RecordAssessmentResult", "CorrectAssessmentResult"),
      readModels: ["roster", "attendance-register", "session-summary", "participant-attendance", "assessment-results"],
      fields: ["fullName"]
    },
    {
      role: "assessor",
      description:
        "Assessor (partner or LSP): defines assessments, records, corrects and voids results, grants reassessments",
      scope: "own-facility",
      commands: program(
        "DefineAssessment",
        "RecordAssessmentResult",
        "CorrectAssessmentResult",
        "VoidAssessmentResult",
        "GrantReassessment"
      ),
      readModels: ["roster", "session-summary", "participant-attendance", "assessment-results"],
      fields: ["fullName"]
    },
    {
      role: "head-of-facility",
      description: "Head of the Lapas / Rutan (Kalapas): closes programs, signs, revokes and reissues certificates",
      scope: "own-facility",
      commands: program("CloseProgram", "IssueCertificate", "RevokeCertificate", "ReissueCertificate"),
      readModels: allReadModels,
      fields: ["fullName", "nip", "inmateNumber"]
    },
    {
      role: "system",
      description:
        "The facility's custody system: registrations, and suspensions and ends that custody decides (release, transfer)",
      scope: "own-facility",
      commands: program("SuspendEnrollment", "ResumeEnrollment", "EndEnrollment", "RegisterParticipant"),
      readModels: ["roster", "transcript"],
      fields: []
    },
    {
      role: "data-protection-officer",
      description: "Personal data protection officer (UU 27/2022): erases on a lawful request, answers access requests",
      scope: "all-facilities",
      commands: program("EraseParticipant"),
      readModels: ["transcript", "audit-timeline"],
      fields: ["fullName", "nik", "nip", "inmateNumber"]
    },
    {
      role: "auditor",
      description: "Internal or external auditor: reads everything, writes nothing; names, no identity numbers",
      scope: "all-facilities",
      commands: [],
      readModels: allReadModels,
      fields: ["fullName"]
    },
    {
      role: "ministry",
      description:
        "Ministry (e.g. Ditjen Pemasyarakatan, Ditjen IKMA): aggregate reports and the masked certificate register, every facility",
      scope: "all-facilities",
      commands: [],
      readModels: [...aggregates, "certificate-register"],
      fields: []
    },
    {
      role: "analyst",
      description: "Analyst: aggregates only, no per-person rows, no names",
      scope: "all-facilities",
      commands: [],
      readModels: aggregates,
      fields: []
    }
  ]
}

/**
 * A policy that cannot be used; the message is Schema's, naming the path and the rule.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidPolicy extends Schema.TaggedError<InvalidPolicy>()("InvalidPolicy", { details: Schema.String }) {
  override get message() {
    return `The access policy is invalid:\n${this.details}`
  }
}

/**
 * The policy as JSON (2-space indented), for export and review.
 *
 * @since 0.2.0
 * @category encoding
 */
export const toJson = (policy: Policy): string => JSON.stringify(Schema.encodeSync(Policy)(policy), null, 2)

/**
 * A policy from JSON, checked: known roles, commands, read models and fields; every role exactly
 * once; nothing listed twice.
 *
 * @since 0.2.0
 * @category decoding
 */
export const fromJson = (text: string): Either.Either<Policy, InvalidPolicy> =>
  Either.mapLeft(
    Schema.decodeUnknownEither(Schema.parseJson(Policy))(text, { onExcessProperty: "error" }),
    (error) => new InvalidPolicy({ details: ParseResult.TreeFormatter.formatErrorSync(error) })
  )
