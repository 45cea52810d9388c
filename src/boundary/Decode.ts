/**
 * The boundary: what a caller sends (a command, a context, a registration) becomes a value of
 * the domain, or the list of everything wrong with it, field by field, each with the rule in
 * words a person can act on. This is the one place that reads a `ParseError`.
 *
 * - {@link guard} (and its parts {@link guardDepth}, {@link guardSize}) runs first, without
 *   recursion, so input nested 100,000 levels deep, input with a cycle or a megabyte of text is
 *   refused before Schema's recursive decoder could overflow the stack or spend the time.
 * - {@link issues} turns a `ParseError` into `{ field, rule }` pairs: every field at fault (decode
 *   with `{ errors: "all" }`), not only the first.
 * - {@link decode} does both.
 *
 * Fields are dotted paths: `completionPolicy.minAttendanceRatio`, `facilitators[2]`, and
 * `signatories[0].title`; a key that is not a plain name is quoted, `["a b"]`. The input itself
 * is `(input)` (or the `whole` name given); with a `root` name every path starts with it:
 * `context`, `context.actor`, `context[0]`...
 *
 * For a union of tagged members (the commands), a known `_tag` reports that member's fields,
 * never one "Expected A | B | ..." per member; an unknown `_tag` lists the allowed tags.
 *
 * @since 0.2.0
 */
import * as Arr from "effect/Array"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * A field at fault and the rule it breaks.
 *
 * @since 0.2.0
 * @category models
 */
export interface Issue {
  readonly field: string
  readonly rule: string
}

/**
 * @since 0.2.0
 * @category models
 */
export interface FieldOptions {
  /** A name put before every path: `context` gives `context.actor.id` (default: none). */
  readonly root?: string
  /** The field that names the whole input when there is no root (default `(input)`). */
  readonly whole?: string
}

// ---- field paths ----------------------------------------------------------------------------

const plainName = /^[A-Za-z_$][A-Za-z0-9_$]*$/
// a key comes from the input: keep the path readable and bounded whatever it holds
const maxKeyLength = 64

const segment = (key: PropertyKey, first: boolean): string => {
  if (typeof key === "number") return `[${key}]`
  const name = typeof key === "symbol" ? String(key) : key
  if (typeof key === "string" && plainName.test(name) && name.length <= maxKeyLength) return first ? name : `.${name}`
  const shown = name.length > maxKeyLength ? `${name.slice(0, maxKeyLength)}…` : name
  return `[${JSON.stringify(shown)}]`
}

/**
 * The dotted path of a field: `["slot", "date"]` is `slot.date`, `["facilitators", 2]` is
 * `facilitators[2]`, `[]` is `(input)` (or `whole`); a `root` name goes before every path.
 *
 * @since 0.2.0
 * @category fields
 */
export const fieldOf = (path: ReadonlyArray<PropertyKey>, options: FieldOptions = {}): string => {
  const root = options.root ?? ""
  let out = root
  for (const key of path) out += segment(key, out.length === 0)
  return out.length === 0 ? (options.whole ?? "(input)") : out
}

// ---- ParseError -> issues -------------------------------------------------------------------

type Path = ReadonlyArray<PropertyKey>

const childrenOf = (issue: ParseResult.Composite): ReadonlyArray<ParseResult.ParseIssue> =>
  Array.isArray(issue.issues)
    ? (issue.issues as ReadonlyArray<ParseResult.ParseIssue>)
    : [issue.issues as ParseResult.ParseIssue]

interface PathIssue {
  readonly path: Path
  readonly rule: string
}

const tagCache = new WeakMap<AST.Union, ReadonlyArray<string> | null>()

/** The `_tag` of every member when all members are tagged structs or classes, else null. */
const tagsOf = (ast: AST.Union): ReadonlyArray<string> | null => {
  const cached = tagCache.get(ast)
  if (cached !== undefined) return cached
  const tags: Array<string> = []
  for (const member of ast.types) {
    const encoded = AST.encodedAST(member)
    const tag = AST.isTypeLiteral(encoded) ? encoded.propertySignatures.find((p) => p.name === "_tag")?.type : undefined
    if (tag === undefined || !AST.isLiteral(tag) || typeof tag.literal !== "string") {
      tagCache.set(ast, null)
      return null
    }
    tags.push(tag.literal)
  }
  tagCache.set(ast, tags)
  return tags
}

const literalsOf = (ast: AST.Union): ReadonlyArray<string> | null =>
  ast.types.every(AST.isLiteral) ? ast.types.map((t) => String((t as AST.Literal).literal)) : null

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** The member was not even of the right kind (a Type issue at its root), as opposed to a member
 * whose fields are at fault. */
const isShallow = (issue: ParseResult.ParseIssue): boolean => {
  let current = issue
  for (;;) {
    if (current._tag === "Type") return true
    if (current._tag === "Refinement" && current.kind === "From") current = current.issue
    else if (current._tag === "Transformation" && current.kind === "Encoded") current = current.issue
    else return false
  }
}

const describe = (ast: AST.AST): string =>
  Option.getOrElse(
    Option.orElse(AST.getDescriptionAnnotation(ast), () => AST.getTitleAnnotation(ast)),
    () => String(ast)
  )

const union = (
  ast: AST.Union,
  actual: unknown,
  children: ReadonlyArray<ParseResult.ParseIssue>,
  path: Path
): Array<PathIssue> => {
  const tags = tagsOf(ast)
  if (tags !== null) {
    const allowed = tags.join(", ")
    if (!isRecord(actual)) return [{ path, rule: `must be an object whose _tag is one of: ${allowed}` }]
    if (typeof actual._tag !== "string" || !tags.includes(actual._tag))
      return [{ path: [...path, "_tag"], rule: `must be one of: ${allowed}` }]
    // the decoder tried only the member of that tag: its issues are the ones that matter
    return children.flatMap((child) => walk(child, path))
  }
  const literals = literalsOf(ast)
  if (literals !== null) return [{ path, rule: `must be one of: ${literals.join(", ")}` }]
  // an input of the kind of one member (a list, say) is judged by that member's rules alone
  const deep = children.filter((child) => !isShallow(child))
  if (deep.length > 0) return deep.flatMap((child) => walk(child, path))
  const message = messageOf(ast)
  return [{ path, rule: message ?? `must be ${ast.types.map(describe).join(" or ")}` }]
}

const messageOf = (ast: AST.AST): string | undefined =>
  Option.getOrUndefined(
    Option.flatMap(AST.getMessageAnnotation(ast), (annotation) => {
      // a union's message is written for any issue of the union, so no issue is needed to read it
      const out = annotation(new ParseResult.Type(ast, undefined))
      if (typeof out === "string") return Option.some(out)
      if (typeof out === "object" && out !== null && "message" in out && typeof out.message === "string")
        return Option.some(out.message)
      return Option.none()
    })
  )

const leaf = (issue: ParseResult.ParseIssue, path: Path): Array<PathIssue> =>
  ParseResult.ArrayFormatter.formatIssueSync(issue).map((i) => ({ path: [...path, ...i.path], rule: i.message }))

/** The message annotation of the issue's schema, as written for that issue. */
const currentMessage = (issue: ParseResult.ParseIssue): { message: string; override: boolean } | undefined => {
  if (issue._tag === "Pointer" || issue._tag === "Unexpected" || issue._tag === "Missing") return undefined
  const annotation = Option.getOrUndefined(AST.getMessageAnnotation(issue.ast))
  if (annotation === undefined) return undefined
  const out = annotation(issue)
  if (typeof out === "string") return { message: out, override: false }
  // an effectful message (none in this library) is left to the default formatter
  return typeof out === "object" && out !== null && "message" in out && typeof out.message === "string"
    ? { message: out.message, override: out.override === true }
    : undefined
}

/** The message that speaks for the whole issue, as effect's formatters choose it: a wrapper's
 * message gives way to the one inside unless it overrides. */
const ownMessage = (issue: ParseResult.ParseIssue): string | undefined => {
  const current = currentMessage(issue)
  if (current === undefined) return undefined
  if (current.override) return current.message
  switch (issue._tag) {
    case "Composite":
      return undefined
    case "Refinement":
      return issue.kind === "From" ? ownMessage(issue.issue) : current.message
    case "Transformation":
      return issue.kind !== "Transformation" ? ownMessage(issue.issue) : current.message
    default:
      return current.message
  }
}

const walk = (issue: ParseResult.ParseIssue, path: Path): Array<PathIssue> => {
  switch (issue._tag) {
    case "Pointer":
      return walk(issue.issue, path.concat(issue.path))
    case "Composite": {
      const message = ownMessage(issue)
      if (message !== undefined) return [{ path, rule: message }]
      if (AST.isUnion(issue.ast)) return union(issue.ast, issue.actual, childrenOf(issue), path)
      return childrenOf(issue).flatMap((child) => walk(child, path))
    }
    case "Type": {
      if (ownMessage(issue) !== undefined || issue.message !== undefined) return leaf(issue, path)
      if (AST.isUnion(issue.ast)) return union(issue.ast, issue.actual, [], path)
      // the default would spell out the whole expected structure
      if (AST.isTypeLiteral(issue.ast)) return [{ path, rule: "must be an object" }]
      if (AST.isTupleType(issue.ast)) return [{ path, rule: "must be a list" }]
      return leaf(issue, path)
    }
    case "Refinement": {
      const message = ownMessage(issue)
      if (message !== undefined) return [{ path, rule: message }]
      return issue.kind === "From" ? walk(issue.issue, path) : leaf(issue, path)
    }
    case "Transformation": {
      const message = ownMessage(issue)
      if (message !== undefined) return [{ path, rule: message }]
      return issue.kind !== "Transformation" ? walk(issue.issue, path) : leaf(issue, path)
    }
    default:
      return leaf(issue, path)
  }
}

/**
 * Every field at fault in a decoding failure, each with its rule, in the order of the input's
 * fields, without duplicates. Decode with `{ errors: "all" }` to have them all.
 *
 * @since 0.2.0
 * @category issues
 */
export const issues = (
  error: ParseResult.ParseError | ParseResult.ParseIssue,
  options: FieldOptions = {}
): ReadonlyArray<Issue> => {
  const found = walk(error._tag === "ParseError" ? error.issue : error, [])
  const seen = new Set<string>()
  const out: Array<Issue> = []
  for (const { path, rule } of found) {
    const field = fieldOf(path, options)
    const key = JSON.stringify([field, rule])
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ field, rule })
  }
  return out
}

// ---- guards before decoding -----------------------------------------------------------------

/**
 * Limits on the shape of an input, checked before decoding.
 *
 * @since 0.2.0
 * @category guards
 */
export interface Limits extends FieldOptions {
  /** Deepest nesting of objects and arrays (default 64). */
  readonly maxDepth?: number
  /** Most characters of text in all, keys included (default 1,000,000). */
  readonly maxTextLength?: number
  /** Most values in all: objects, arrays and what they hold (default 100,000). */
  readonly maxValues?: number
}

/**
 * The default limits: 64 levels, 1,000,000 characters, 100,000 values.
 *
 * @since 0.2.0
 * @category guards
 */
export const defaultLimits = { maxDepth: 64, maxTextLength: 1_000_000, maxValues: 100_000 } as const

interface Trail {
  readonly parent: Trail | undefined
  readonly key: PropertyKey
}

const pathOf = (trail: Trail | undefined): Array<PropertyKey> => {
  const keys: Array<PropertyKey> = []
  for (let t = trail; t !== undefined; t = t.parent) keys.push(t.key)
  return keys.reverse()
}

interface Totals {
  readonly height: number
  readonly text: number
  readonly values: number
}

type Frame =
  | { readonly enter: true; readonly value: unknown; readonly depth: number; readonly trail: Trail | undefined }
  | {
      readonly enter: false
      readonly value: object
      readonly children: ReadonlyArray<unknown>
      readonly text: number
      readonly values: number
    }

/**
 * Checks an input's shape without recursion: nesting at most `maxDepth` levels, no cycle, at
 * most `maxTextLength` characters of text and `maxValues` values in all. None when it holds,
 * else the field where the limit was crossed and the rule. An object reached twice by different
 * paths (no cycle) is walked once and counted each time, as its JSON would repeat it.
 *
 * @since 0.2.0
 * @category guards
 */
export const guard = (input: unknown, limits: Limits = {}): Option.Option<Issue> => {
  const maxDepth = limits.maxDepth ?? defaultLimits.maxDepth
  const maxText = limits.maxTextLength ?? defaultLimits.maxTextLength
  const maxValues = limits.maxValues ?? defaultLimits.maxValues
  const refuse = (trail: Trail | undefined, rule: string) =>
    Option.some<Issue>({ field: fieldOf(pathOf(trail), limits), rule })
  const onPath = new Set<object>()
  const done = new Map<object, Totals>()
  let text = 0
  let values = 0
  const stack: Array<Frame> = [{ enter: true, value: input, depth: 0, trail: undefined }]
  while (stack.length > 0) {
    const frame = stack.pop()!
    if (!frame.enter) {
      onPath.delete(frame.value)
      let height = 0
      for (const child of frame.children)
        if (typeof child === "object" && child !== null) height = Math.max(height, done.get(child)?.height ?? 0)
      done.set(frame.value, { height: height + 1, text: text - frame.text, values: values - frame.values })
      continue
    }
    const { depth, trail, value } = frame
    values++
    if (values > maxValues) return refuse(trail, `holds more than ${maxValues} values in all`)
    if (typeof value === "string") {
      text += value.length
      if (text > maxText) return refuse(trail, `holds more than ${maxText} characters of text in all`)
      continue
    }
    if (typeof value !== "object" || value === null) continue
    if (onPath.has(value)) return refuse(trail, "refers to itself (a cycle): the input must be plain data, as JSON")
    const seen = done.get(value)
    if (seen !== undefined) {
      if (depth + seen.height > maxDepth) return refuse(trail, `is nested more than ${maxDepth} levels deep`)
      text += seen.text
      values += seen.values - 1
      if (values > maxValues) return refuse(trail, `holds more than ${maxValues} values in all`)
      if (text > maxText) return refuse(trail, `holds more than ${maxText} characters of text in all`)
      continue
    }
    if (depth + 1 > maxDepth) return refuse(trail, `is nested more than ${maxDepth} levels deep`)
    if (ArrayBuffer.isView(value)) {
      text += value.byteLength
      if (text > maxText) return refuse(trail, `holds more than ${maxText} characters of text in all`)
      continue
    }
    let keys: ReadonlyArray<PropertyKey>
    const children: Array<unknown> = []
    try {
      if (Array.isArray(value)) {
        // before reading: a sparse array can be longer than memory allows to walk
        if (values + value.length > maxValues) return refuse(trail, `holds more than ${maxValues} values in all`)
        keys = Array.from({ length: value.length }, (_, i) => i)
      } else {
        keys = Object.keys(value)
        if (values + keys.length > maxValues) return refuse(trail, `holds more than ${maxValues} values in all`)
        for (const key of keys) text += (key as string).length
        if (text > maxText) return refuse(trail, `holds more than ${maxText} characters of text in all`)
      }
      for (const key of keys) children.push((value as Record<PropertyKey, unknown>)[key])
    } catch {
      return refuse(trail, "could not be read: the input must be plain data, as JSON")
    }
    onPath.add(value)
    stack.push({ enter: false, value, children, text: text - keysText(value, keys), values: values - 1 })
    for (let i = keys.length - 1; i >= 0; i--)
      stack.push({ enter: true, value: children[i], depth: depth + 1, trail: { parent: trail, key: keys[i]! } })
  }
  return Option.none()
}

// the key text was counted when the object was entered: it belongs to the object's own totals
const keysText = (value: object, keys: ReadonlyArray<PropertyKey>): number =>
  Array.isArray(value) ? 0 : keys.reduce<number>((n, k) => n + (k as string).length, 0)

/**
 * Refuses input nested deeper than `maxDepth` levels of objects and arrays, or holding a cycle,
 * without recursion.
 *
 * @since 0.2.0
 * @category guards
 */
export const guardDepth = (input: unknown, maxDepth: number = defaultLimits.maxDepth, options: FieldOptions = {}) =>
  guard(input, { ...options, maxDepth, maxTextLength: Infinity, maxValues: Infinity })

/**
 * Refuses input holding more than `maxTextLength` characters of text (keys included) or more
 * than `maxValues` values in all, without recursion.
 *
 * @since 0.2.0
 * @category guards
 */
export const guardSize = (
  input: unknown,
  limits: { readonly maxTextLength?: number; readonly maxValues?: number } & FieldOptions = {}
) => guard(input, { maxDepth: Infinity, ...limits })

// ---- both --------------------------------------------------------------------------------------

/**
 * Decodes an input from outside: the guards first, then the schema with every error reported.
 * Right: the value. Left: every field at fault with its rule (at least one).
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = <A, I>(
  schema: Schema.Schema<A, I, never>,
  limits: Limits & {
    /** `"error"`: a field the schema does not know is refused (a misspelt optional field is never dropped silently). */
    readonly onExcessProperty?: "ignore" | "error"
  } = {}
) => {
  const run = Schema.decodeUnknownEither(schema, {
    errors: "all",
    onExcessProperty: limits.onExcessProperty ?? "ignore"
  })
  return (input: unknown): Either.Either<A, Arr.NonEmptyReadonlyArray<Issue>> => {
    const refused = guard(input, limits)
    if (Option.isSome(refused)) return Either.left([refused.value])
    return Either.mapLeft(run(input), (error) => {
      const found = issues(error, limits)
      return Arr.isNonEmptyReadonlyArray(found)
        ? found
        : ([{ field: fieldOf([], limits), rule: ParseResult.TreeFormatter.formatErrorSync(error) }] as const)
    })
  }
}
