/** The writer's commands, in order, with deterministic ids: the test re-sends them after a crash. */
import type { LedgerCommandEncoded } from "../../src/ledger/Requests.js"

export interface Sent {
  readonly id: string
  readonly json: LedgerCommandEncoded
}

export const contextOf = (commandId: string) => ({
  actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
  source: "user" as const,
  commandId
})

export const commandsOf = (
  programId: string,
  participants: number,
  sessions: number,
  setupJson: (programId: string, participants: number, sessions: number) => ReadonlyArray<LedgerCommandEncoded>,
  markJson: (programId: string, session: number, participant: number) => LedgerCommandEncoded
): { readonly setup: ReadonlyArray<Sent>; readonly marks: ReadonlyArray<Sent> } => ({
  setup: setupJson(programId, participants, sessions).map((json, i) => ({ id: `${programId}-setup-${i}`, json })),
  marks: Array.from({ length: sessions * participants }, (_, k) => {
    const session = Math.floor(k / participants)
    const participant = k % participants
    return { id: `${programId}-mark-${session}-${participant}`, json: markJson(programId, session, participant) }
  })
})
