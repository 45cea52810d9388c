import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import { AllFacilities, authorize, fieldsVisible, type NotAuthorised } from "../../src/policy/Authorize.js"
import * as Policy from "../../src/policy/Policy.js"
import { expectedCommands, expectedReadModels, expectedRoles, expectedRoleSettings } from "./expectations.js"

const actor = (role: string, facility = "LPCIP") => ({ id: `${role}-1`, role, facility })
const command = (tag: string, programFacility = "LPCIP") => ({ kind: "command" as const, tag, programFacility })
const read = (readModel: string, facility = "LPCIP") => ({ kind: "read" as const, readModel, facility })
const refusal = (result: Either.Either<unknown, NotAuthorised>): NotAuthorised => {
  if (Either.isRight(result)) throw new Error("expected a refusal")
  return result.left
}

describe("the default policy against the facility's expectations", () => {
  it("knows exactly the expected roles, every Program command and the registry's actions, and the ten read models", () => {
    expect(Policy.defaultPolicy.roles.map((r) => r.role)).toEqual(expectedRoles)
    expect([...expectedCommands.keys()].sort()).toEqual([...Policy.commandTags].sort())
    expect([...expectedReadModels.keys()].sort()).toEqual([...Policy.ReadModel.literals].sort())
    for (const r of Policy.defaultPolicy.roles) {
      const expected = expectedRoleSettings.get(r.role)!
      expect({ role: r.role, scope: r.scope, fields: [...r.fields].sort() }).toEqual({
        role: r.role,
        scope: expected.scope,
        fields: [...expected.fields].sort()
      })
    }
  })

  // One test per command, each checking every role both ways (35 × 9 cells).
  describe("roles × commands, both ways, on a program of the actor's facility", () => {
    for (const [tag, allowed] of expectedCommands) {
      it(`${tag}: ${[...allowed].join(", ")} may; every other role may not`, () => {
        for (const role of expectedRoles) {
          const result = authorize(actor(role), command(tag))
          if (allowed.has(role)) {
            expect(result, `${role} may execute ${tag}`).toEqual(
              Either.right({ _tag: "CommandGrant", role, command: tag, facility: "LPCIP" })
            )
          } else {
            const error = refusal(result)
            expect(error.reason, `${role} may not execute ${tag}`).toBe("not-granted")
            expect(error.command).toBe(tag)
            expect([...error.allowedRoles].sort()).toEqual([...allowed].sort())
          }
        }
      })
    }
  })

  it("roles × read models, both ways, with the fields each role sees", () => {
    let checked = 0
    for (const [model, allowed] of expectedReadModels) {
      for (const role of expectedRoles) {
        const result = authorize(actor(role), read(model))
        if (allowed.has(role)) {
          expect(result).toEqual(
            Either.right({
              _tag: "ReadGrant",
              role,
              readModel: model,
              facility: "LPCIP",
              fields: Policy.defaultPolicy.roles.find((r) => r.role === role)!.fields
            })
          )
        } else {
          expect(refusal(result).reason).toBe("not-granted")
        }
        checked++
      }
    }
    expect(checked).toBe(90)
  })

  it("auditors, the ministry and analysts write nothing; analysts read no per-person rows and see no fields", () => {
    for (const role of ["auditor", "ministry", "analyst"]) {
      for (const tag of Policy.commandTags) expect(Either.isLeft(authorize(actor(role), command(tag)))).toBe(true)
    }
    for (const model of Policy.perPersonReadModels) {
      expect(Either.isLeft(authorize(actor("analyst"), read(model)))).toBe(true)
    }
    expect(fieldsVisible("analyst")).toEqual([])
    expect(fieldsVisible("ministry")).toEqual([])
  })
})

describe("facility scope", () => {
  it("a facility-scoped actor cannot touch another facility's program, whatever its role may do", () => {
    for (const r of Policy.defaultPolicy.roles.filter((r) => r.scope === "own-facility")) {
      for (const tag of r.commands) {
        const error = refusal(authorize(actor(r.role, "LPCIP"), command(tag, "LPBDG")))
        expect(error.reason).toBe("other-facility")
        expect(error.message).toContain("facility LPBDG")
      }
      for (const model of r.readModels) {
        expect(refusal(authorize(actor(r.role, "LPCIP"), read(model, "LPBDG"))).reason).toBe("other-facility")
        expect(refusal(authorize(actor(r.role, "LPCIP"), read(model, AllFacilities))).reason).toBe("other-facility")
      }
    }
  })

  it("a facility-scoped actor without a facility acts for none", () => {
    expect(refusal(authorize(actor("program-officer", ""), command("DraftProgram", ""))).reason).toBe("other-facility")
  })

  it("roles over all facilities act and read anywhere, and for all facilities at once", () => {
    expect(
      Either.isRight(authorize(actor("data-protection-officer", "DITJENPAS"), command("EraseParticipant", "LPBDG")))
    ).toBe(true)
    expect(authorize(actor("ministry", "IKMA"), read("certificate-register", AllFacilities))).toEqual(
      Either.right({
        _tag: "ReadGrant",
        role: "ministry",
        readModel: "certificate-register",
        facility: "*",
        fields: []
      })
    )
    expect(Either.isRight(authorize(actor("auditor", "ITJEN"), read("audit-timeline", "LPBDG")))).toBe(true)
  })
})

describe("refusals a person can act on", () => {
  it("an unknown role is refused, and the message lists the roles", () => {
    const error = refusal(authorize(actor("admin"), command("DraftProgram")))
    expect(error.reason).toBe("unknown-role")
    expect(error.message).toContain("program-officer")
    expect(refusal(authorize(actor(""), read("roster"))).reason).toBe("unknown-role")
    expect(fieldsVisible("admin")).toEqual([])
  })

  it("unknown commands and read models are refused as such", () => {
    expect(refusal(authorize(actor("program-officer"), command("DeleteProgram"))).reason).toBe("unknown-command")
    expect(refusal(authorize(actor("auditor"), read("everything"))).reason).toBe("unknown-read-model")
  })

  it("a command not granted says who may", () => {
    const error = refusal(authorize(actor("trainer"), command("EnrollParticipant")))
    expect(error).toMatchObject({ _tag: "NotAuthorised", role: "trainer", command: "EnrollParticipant" })
    expect(error.message).toBe(
      `Role "trainer" may not execute EnrollParticipant: ask someone with the role "program-officer"`
    )
    expect(refusal(authorize(actor("program-officer"), command("IssueCertificate"))).message).toContain(
      `"head-of-facility"`
    )
  })

  it("another facility's program is named", () => {
    expect(refusal(authorize(actor("head-of-facility", "LPCIP"), command("IssueCertificate", "LPBDG"))).message).toBe(
      `Role "head-of-facility" of facility LPCIP may not execute IssueCertificate for facility LPBDG: someone of LPBDG must do it`
    )
  })
})

describe("custom policies", () => {
  it("apply as given", () => {
    const tightened: Policy.Policy = {
      ...Policy.defaultPolicy,
      roles: Policy.defaultPolicy.roles.map((r) =>
        r.role === "trainer" ? { ...r, commands: ["RecordAttendance"] } : r
      )
    }
    expect(Either.isRight(authorize(actor("trainer"), command("RecordAssessmentResult")))).toBe(true)
    expect(refusal(authorize(actor("trainer"), command("RecordAssessmentResult"), tightened)).allowedRoles).toEqual([
      "assessor"
    ])
  })
})
