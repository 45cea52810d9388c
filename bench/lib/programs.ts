// Programs like the founding case (a batik workshop at a prison) for W6..W8: the library's own
// attendance-ready program (examples/scenario/attendanceProgram.ts, also used by the Ledger
// tests), with a realistic mix of marks so the read models have absences and lateness to count.
import * as Program from "../../examples/scenario/attendanceProgram.ts"
import type { Mark } from "../../examples/scenario/attendanceProgram.ts"

export const programId = (p: number) => `BENCH-${String(p + 1).padStart(5, "0")}`
export const setup = Program.setup

const MARKS: ReadonlyArray<Mark> = [
  { outcome: "present" },
  { outcome: "present" },
  { outcome: "present" },
  { outcome: "late" },
  { outcome: "present" },
  { outcome: "present" },
  { outcome: "present" },
  { outcome: "unexcused-absence", reasonCode: "refused" },
  { outcome: "excused-absence", reasonCode: "sick" },
  { outcome: "present" }
]

export const mark = (programId: string, session: number, participant: number) =>
  Program.mark(programId, session, participant, MARKS[(session * 7 + participant) % MARKS.length])
