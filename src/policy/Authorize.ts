/**
 * Applies a policy (`Policy.ts`): may this actor execute this command on a program of that
 * facility, or read this read model for that facility, and which personal fields may it see?
 * Pure: the answer is an `Either`, a refusal is a `NotAuthorised` that the caller returns as is
 * and that nothing records in the log.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { PersonalFieldName } from "../privacy/PersonalField.js"
import {
  type CommandTag,
  commandTags,
  defaultPolicy,
  type Policy,
  type ReadModel,
  ReadModel as ReadModelSchema,
  type Role,
  Role as RoleSchema,
  type RolePolicy
} from "./Policy.js"

/**
 * A read that asks for every facility's rows at once (only roles scoped to all facilities may).
 *
 * @since 0.2.0
 * @category constants
 */
export const AllFacilities = "*"

/**
 * Who asks: the same fields as the envelope's actor.
 *
 * @since 0.2.0
 * @category models
 */
export interface Actor {
  readonly id: string
  readonly role: string
  readonly facility: string
}

/**
 * What is asked: a command on a program of `programFacility` (for the registry's actions, the
 * participant's facility), or a read of a read model's rows of `facility` (or
 * {@link AllFacilities}).
 *
 * @since 0.2.0
 * @category models
 */
export type Action =
  | { readonly kind: "command"; readonly tag: string; readonly programFacility: string }
  | { readonly kind: "read"; readonly readModel: string; readonly facility: string }

/**
 * @since 0.2.0
 * @category models
 */
export interface CommandGrant {
  readonly _tag: "CommandGrant"
  readonly role: Role
  readonly command: CommandTag
  readonly facility: string
}

/**
 * A read the policy allows: which facility's rows (or all), and which personal fields the
 * reader may see in clear (the others are masked or hidden, see `Masking.ts`).
 *
 * @since 0.2.0
 * @category models
 */
export interface ReadGrant {
  readonly _tag: "ReadGrant"
  readonly role: Role
  readonly readModel: ReadModel
  readonly facility: string
  readonly fields: ReadonlyArray<PersonalFieldName>
}

/**
 * @since 0.2.0
 * @category models
 */
export type Grant = CommandGrant | ReadGrant

/**
 * The policy refuses. `reason` says which rule; the message says what to do.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotAuthorised extends Schema.TaggedError<NotAuthorised>()("NotAuthorised", {
  role: Schema.String,
  command: Schema.optional(Schema.String),
  readModel: Schema.optional(Schema.String),
  reason: Schema.Literal("unknown-role", "unknown-command", "unknown-read-model", "not-granted", "other-facility"),
  actorFacility: Schema.optional(Schema.String),
  targetFacility: Schema.optional(Schema.String),
  allowedRoles: Schema.Array(Schema.String)
}) {
  override get message() {
    const what = this.command !== undefined ? `execute ${this.command}` : `read ${this.readModel}`
    const ask =
      this.allowedRoles.length === 0
        ? "no role may"
        : `ask someone with the role ${this.allowedRoles.map((r) => `"${r}"`).join(" or ")}`
    switch (this.reason) {
      case "unknown-role":
        return `Role "${this.role}" is not in the access policy: use one of ${RoleSchema.literals.join(", ")}`
      case "unknown-command":
        return `"${this.command}" is not a command the access policy knows: check the command's _tag`
      case "unknown-read-model":
        return `"${this.readModel}" is not a read model the access policy knows: use one of ${ReadModelSchema.literals.join(", ")}`
      case "not-granted":
        return `Role "${this.role}" may not ${what}: ${ask}`
      case "other-facility":
        return this.targetFacility === AllFacilities
          ? `Role "${this.role}" may ${what} for its own facility (${this.actorFacility}) only, not for all facilities: ask for ${this.actorFacility}`
          : `Role "${this.role}" of facility ${this.actorFacility} may not ${what} for facility ${this.targetFacility}: someone of ${this.targetFacility} must do it`
    }
  }
}

interface Compiled {
  readonly roles: ReadonlyMap<string, RolePolicy>
  readonly commands: ReadonlyMap<string, ReadonlySet<string>>
  readonly readModels: ReadonlyMap<string, ReadonlySet<string>>
}

// Policies are immutable data: their lookup tables are built once per policy object.
const compiled = new WeakMap<Policy, Compiled>()
const compile = (policy: Policy): Compiled => {
  const known = compiled.get(policy)
  if (known !== undefined) return known
  const result: Compiled = {
    roles: new Map(policy.roles.map((r) => [r.role, r])),
    commands: new Map(policy.roles.map((r) => [r.role, new Set<string>(r.commands)])),
    readModels: new Map(policy.roles.map((r) => [r.role, new Set<string>(r.readModels)]))
  }
  compiled.set(policy, result)
  return result
}

const isCommandTag = (tag: string): tag is CommandTag => (commandTags as ReadonlyArray<string>).includes(tag)
const isReadModel = Schema.is(ReadModelSchema)

/**
 * Decides whether `actor` may perform `action` under `policy` (the default policy unless given).
 *
 * @since 0.2.0
 * @category authorisation
 */
export const authorize = (
  actor: Actor,
  action: Action,
  policy: Policy = defaultPolicy
): Either.Either<Grant, NotAuthorised> => {
  const { commands, readModels, roles } = compile(policy)
  const target = action.kind === "command" ? action.programFacility : action.facility
  const subject = action.kind === "command" ? { command: action.tag } : { readModel: action.readModel }
  const allowedRoles =
    action.kind === "command"
      ? policy.roles.filter((r) => commands.get(r.role)!.has(action.tag)).map((r) => r.role)
      : policy.roles.filter((r) => readModels.get(r.role)!.has(action.readModel)).map((r) => r.role)
  const refuse = (reason: NotAuthorised["reason"]) =>
    Either.left(
      new NotAuthorised({
        role: actor.role,
        ...subject,
        reason,
        actorFacility: actor.facility,
        targetFacility: target,
        allowedRoles
      })
    )

  const rolePolicy = roles.get(actor.role)
  if (rolePolicy === undefined) return refuse("unknown-role")
  if (action.kind === "command" && !isCommandTag(action.tag)) return refuse("unknown-command")
  if (action.kind === "read" && !isReadModel(action.readModel)) return refuse("unknown-read-model")
  const granted =
    action.kind === "command"
      ? commands.get(rolePolicy.role)!.has(action.tag)
      : readModels.get(rolePolicy.role)!.has(action.readModel)
  if (!granted) return refuse("not-granted")
  // A facility-scoped actor without a facility acts for none.
  if (rolePolicy.scope === "own-facility" && (actor.facility === "" || actor.facility !== target)) {
    return refuse("other-facility")
  }
  return Either.right(
    action.kind === "command"
      ? { _tag: "CommandGrant", role: rolePolicy.role, command: action.tag as CommandTag, facility: target }
      : {
          _tag: "ReadGrant",
          role: rolePolicy.role,
          readModel: action.readModel as ReadModel,
          facility: target,
          fields: rolePolicy.fields
        }
  )
}

/**
 * The personal fields a role may see in clear (none for a role the policy does not know).
 *
 * @since 0.2.0
 * @category authorisation
 */
export const fieldsVisible = (role: string, policy: Policy = defaultPolicy): ReadonlyArray<PersonalFieldName> =>
  compile(policy).roles.get(role)?.fields ?? []
