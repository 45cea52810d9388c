/**
 * Where the ledger lives, as one string: `sqlite:<path>` (or a bare file path), `postgres://...`
 * (or `postgresql://`), or `memory:`. Decoded by Schema; errors print the URL without its
 * password.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * @since 0.2.0
 * @category models
 */
export type StoreUrl =
  | { readonly _tag: "Sqlite"; readonly filename: string }
  | { readonly _tag: "Postgres"; readonly url: string }
  | { readonly _tag: "Memory" }

/**
 * A URL that names no store training-ledger knows.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnsupportedStoreUrl extends Schema.TaggedError<UnsupportedStoreUrl>()("UnsupportedStoreUrl", {
  url: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Store URL "${this.url}" is not supported: ${this.rule}`
  }
}

const forms = "use sqlite:<path> (or a file path), postgres://user@host:port/database, or memory:"

/**
 * The URL with its password replaced by `***`, for messages and logs.
 *
 * @since 0.2.0
 * @category formatting
 */
export const redact = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, "$1***@")

/**
 * Reads a store URL.
 *
 * @since 0.2.0
 * @category parsing
 */
export const parse = (input: unknown): Either.Either<StoreUrl, UnsupportedStoreUrl> => {
  if (typeof input !== "string" || input.trim() === "") {
    return Either.left(new UnsupportedStoreUrl({ url: String(input), rule: `the store URL is empty: ${forms}` }))
  }
  if (/[\u0000]/.test(input)) {
    return Either.left(new UnsupportedStoreUrl({ url: "(contains U+0000)", rule: `no U+0000 in a path: ${forms}` }))
  }
  const url = input.trim()
  if (url === "memory:" || url === "memory") return Either.right({ _tag: "Memory" })
  if (/^postgres(ql)?:\/\//i.test(url)) return Either.right({ _tag: "Postgres", url })
  if (url.startsWith("sqlite:")) {
    const filename = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "")
    if (filename === "") {
      return Either.left(
        new UnsupportedStoreUrl({ url, rule: `sqlite: needs a file path, e.g. sqlite:./ledger.sqlite` })
      )
    }
    return Either.right({ _tag: "Sqlite", filename })
  }
  // A bare file path: anything that is not another scheme (`mysql://`, `http:`...).
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) {
    return Either.left(new UnsupportedStoreUrl({ url: redact(url), rule: forms }))
  }
  return Either.right({ _tag: "Sqlite", filename: url })
}
