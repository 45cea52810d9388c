// W9's seeded command plan, the same in every process and for every target: 200 programs set up
// before the timed phase, then attendance marks (most), enrolments and assessment results
// spread uniformly over the programs, so executors of different processes sometimes hit the
// same program at once. Every command is valid whatever order the fleet runs it in, and decides
// exactly one event: the stored log can be checked against the acknowledged commands.
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Program from "../../src/domain/Program.ts"
import * as EventCodec from "../../src/events/EventCodec.ts"
import { deriveEventId } from "../../src/ledger/EventIds.ts"
import type { LedgerCommand, LedgerCommandEncoded } from "../../src/ledger/Requests.ts"
import type { EventMetadataInput, NewEvent } from "../../src/ports/EventStore.ts"
import * as Scenario from "../../examples/scenario/attendanceProgram.ts"
import { prng, uuid } from "../lib/data.mjs"
import * as Programs from "../lib/programs.ts"

export const PROCESSES = 4
export const EXECUTORS = 4
export const PROGRAMS = 200
const PARTICIPANTS = 20 // enrolled by the setup
const CAPACITY = 40 // room for the enrolments of the timed phase
const SESSIONS = 10
const ASSESSMENT = "A-01"

/** Who issues what: the default policy lets the program officer mark and enrol, the assessor record results. */
export const officer = { id: "officer-1", role: "program-officer", facility: "LPCIP" } as const
export const assessor = { id: "assessor-1", role: "assessor", facility: "LPCIP" } as const
type Actor = typeof officer | typeof assessor

export type Kind = "mark" | "enrol" | "assess"

export interface Planned {
  readonly index: number
  readonly kind: Kind
  readonly streamId: string
  readonly command: LedgerCommand
  readonly commandId: string
  readonly actor: Actor
}

/** A program ready for the timed phase: running, 20 of 40 seats taken, 10 sessions, one scored assessment. */
const setupCommands = (programId: string): ReadonlyArray<LedgerCommand> => {
  const json = Scenario.setupJson(programId, PARTICIPANTS, SESSIONS)
  const draft = { ...json[0], capacity: CAPACITY } as LedgerCommandEncoded
  const define: LedgerCommandEncoded = {
    _tag: "DefineAssessment",
    programId,
    occurredAt: "2024-08-23T03:00:00.000Z",
    assessmentId: ASSESSMENT,
    title: "Praktik membatik",
    instrument: "practical",
    resultType: "score",
    min: 0,
    max: 100,
    passMark: 60,
    weight: 1,
    competencyUnits: [],
    maxAttempts: 2
  }
  // the assessment is defined while the program is planned, before StartProgram (the last command)
  return [draft, ...json.slice(1, -1), define, json[json.length - 1]].map((c) => Scenario.decode(c))
}

export interface SetupAppend {
  readonly streamId: string
  readonly events: ReadonlyArray<NewEvent>
  readonly metadata: EventMetadataInput & { readonly commandId: string }
}

/**
 * One program's setup as decided events (the pure decider, as W6 does), in one append: the
 * untimed fill of both targets, so neither pays for it through its command path.
 */
export const setupAppend = (p: number, rand: () => number): SetupAppend => {
  const programId = Programs.programId(p)
  const streamId = Program.streamId(programId)
  const commandId = uuid(rand)
  let state = Program.decider.initialState
  const events: Array<NewEvent> = []
  for (const command of setupCommands(programId)) {
    // setup commands are not certificate commands: the Ledger's preparation is the command itself
    const decided = Either.getOrThrow(Program.decide(command as Program.Command, state))
    for (const e of decided) {
      state = Program.decider.evolve(state, e)
      events.push(
        EventCodec.program.encode(
          e,
          deriveEventId(commandId, streamId, events.length),
          DateTime.toDate(command.occurredAt)
        )
      )
    }
  }
  return { streamId, events, metadata: { actor: officer, source: "user", commandId } }
}

export const setupAppends = (): ReadonlyArray<SetupAppend> => {
  const rand = prng(909)
  return Array.from({ length: PROGRAMS }, (_, p) => setupAppend(p, rand))
}

/** Commands in the timed phase: N/50 (2,000 at N = 100,000; 400 with --quick), at least one per executor. */
export const size = (n: number) => Math.max(PROCESSES * EXECUTORS, Math.round(n / 50))

/**
 * The timed phase's commands: 80% attendance marks, 10% enrolments, 10% assessment results, each
 * on a uniformly drawn program. Per program, marks go session by session, enrolments take the
 * free seats, results are each participant's first attempt: no command repeats another.
 */
export const plan = (n: number): ReadonlyArray<Planned> => {
  const rand = prng(99)
  const next = Array.from({ length: PROGRAMS }, () => ({ mark: 0, enrol: PARTICIPANTS, assess: 0 }))
  const commands: Array<Planned> = []
  for (let index = 0; index < size(n); index++) {
    const p = Math.floor(rand() * PROGRAMS)
    const programId = Programs.programId(p)
    const at = next[p]
    const r = rand()
    let kind: Kind = r < 0.8 ? "mark" : r < 0.9 ? "enrol" : "assess"
    if (kind === "enrol" && at.enrol >= CAPACITY) kind = "mark"
    if (kind === "assess" && at.assess >= PARTICIPANTS) kind = "mark"
    if (kind === "mark" && at.mark >= PARTICIPANTS * SESSIONS) throw new Error(`W9: program ${p} has no marks left`)
    const command =
      kind === "mark"
        ? Programs.mark(programId, Math.floor(at.mark / PARTICIPANTS), at.mark++ % PARTICIPANTS)
        : kind === "enrol"
          ? enrol(programId, at.enrol++)
          : assess(programId, at.assess++, 40 + Math.floor(rand() * 61))
    commands.push({
      index,
      kind,
      streamId: Program.streamId(programId),
      command,
      commandId: uuid(rand),
      actor: kind === "assess" ? assessor : officer
    })
  }
  return commands
}

const enrol = (programId: string, i: number) =>
  Scenario.decode({
    _tag: "EnrollParticipant",
    programId,
    occurredAt: `${Scenario.sessionDate(2)}T03:00:00.000Z`,
    participantId: Scenario.participantId(i),
    kind: i % 5 === 0 ? "officer" : "inmate",
    startDate: Scenario.sessionDate(3),
    enrolledBy: officer.id
  })

const assess = (programId: string, i: number, score: number) =>
  Scenario.decode({
    _tag: "RecordAssessmentResult",
    programId,
    occurredAt: `${Scenario.sessionDate(SESSIONS - 1)}T08:00:00.000Z`,
    assessmentId: ASSESSMENT,
    participantId: Scenario.participantId(i),
    attempt: 1,
    value: { _tag: "Score", value: score },
    assessorId: assessor.id
  })

/** Process `p`'s share, one list per executor: command k goes to executor k mod 16 of the fleet. */
export const shares = (commands: ReadonlyArray<Planned>, p: number): ReadonlyArray<ReadonlyArray<Planned>> =>
  Array.from({ length: EXECUTORS }, (_, e) =>
    commands.filter((c) => c.index % (PROCESSES * EXECUTORS) === p * EXECUTORS + e)
  )
