/**
 * The options every command shares (`--db`, `--json`, `--lang`) and the ones several share
 * (`--as-of`, `--recorded-by`, `--out`, `--force`, `--seal`, `--key`).
 *
 * @since 0.2.0
 */
import * as Options from "@effect/cli/Options"

/**
 * `--db <url>`: the store. Optional here so that its absence is the command line's own clear
 * error (with `TRAINING_LEDGER_DB` as the fallback), never a default file.
 *
 * @since 0.2.0
 * @category options
 */
export const db = Options.text("db").pipe(
  Options.withDescription(
    "The store: sqlite:<path> (or a file path), or postgres://user:password@host:port/database " +
      "(a schema with ?options=-c%20search_path%3D<schema>). Without --db, the TRAINING_LEDGER_DB " +
      "environment variable; without either, the command stops: there is no default file."
  ),
  Options.optional
)

/**
 * `--json`: machine output.
 *
 * @since 0.2.0
 * @category options
 */
export const json = Options.boolean("json").pipe(
  Options.withDescription("Print the answer as JSON on stdout (times as ISO-8601 UTC); errors stay on stderr.")
)

/**
 * `--lang id|en`.
 *
 * @since 0.2.0
 * @category options
 */
export const lang = Options.choice("lang", ["id", "en"]).pipe(
  Options.withDescription(
    "Language of the text output: id (Indonesian) or en (English). Default: TRAINING_LEDGER_LANG if set, " +
      "else Indonesian when the facility's zone is Indonesian (Asia/Jakarta WIB, Asia/Makassar WITA, " +
      "Asia/Jayapura WIT), else English. Error messages are always English."
  ),
  Options.optional
)

/**
 * `--keys <dir>`: where the privacy keys are (to read names).
 *
 * @since 0.2.0
 * @category options
 */
export const keys = Options.text("keys").pipe(
  Options.withDescription(
    "The directory of the privacy keys (kek.key and blind-index.key, as `demo` writes them beside its database), " +
      "needed to read participants' names. Without it, TRAINING_LEDGER_KEK_FILE and " +
      "TRAINING_LEDGER_BLIND_INDEX_KEY_FILE (or TRAINING_LEDGER_KEK / TRAINING_LEDGER_BLIND_INDEX_KEY); without " +
      "keys, participants show as their ids."
  ),
  Options.optional
)

/**
 * `--key <file>`, required: the facility's public key.
 *
 * @since 0.2.0
 * @category options
 */
export const requiredKey = Options.text("key").pipe(
  Options.withDescription(
    "The facility's public Ed25519 key (ledger-signing.pub), its fingerprint checked out of band."
  )
)

/**
 * `--sign-key <file>`: the facility's private signing key.
 *
 * @since 0.2.0
 * @category options
 */
export const signKey = Options.text("sign-key").pipe(
  Options.withDescription(
    "The facility's private Ed25519 key (ledger-signing.key from `keys generate`): the output is signed with it."
  ),
  Options.optional
)

/**
 * `--sign-key <file>`, required (a bundle is always signed).
 *
 * @since 0.2.0
 * @category options
 */
export const requiredSignKey = Options.text("sign-key").pipe(
  Options.withDescription("The facility's private Ed25519 key (ledger-signing.key from `keys generate`).")
)

/**
 * The options of every command.
 *
 * @since 0.2.0
 * @category options
 */
export const common = { db, json, lang }

/**
 * `--as-of <date|position>`.
 *
 * @since 0.2.0
 * @category options
 */
export const asOf = Options.text("as-of").pipe(
  Options.withDescription(
    "Business time or log position. A date (2024-09-05): the events that HAPPENED on or before that day " +
      "in the facility's zone (occurred_at), including ones typed in later (back-dated). An instant " +
      "(2024-09-05T10:00+07:00): happened by then. A position (150 or #150): the first 150 events of the " +
      "whole log, i.e. the log exactly as it stood when it had 150 events."
  ),
  Options.optional
)

/**
 * `--recorded-by <time>`.
 *
 * @since 0.2.0
 * @category options
 */
export const recordedBy = Options.text("recorded-by").pipe(
  Options.withDescription(
    "Record time: only the events the ledger had RECORDED by then (recorded_at), i.e. what an auditor " +
      "could have seen at that moment; back-dated events typed in later are left out. An instant " +
      "(2024-09-06T12:00Z, 2024-09-06T19:00+07:00), a local time in the facility's zone (2024-09-06 19:00), " +
      "or a date (the end of that day in the facility's zone). Combines with --as-of (both must hold)."
  ),
  Options.optional
)

/**
 * `--out <file>`.
 *
 * @since 0.2.0
 * @category options
 */
export const out = (what: string) =>
  Options.text("out").pipe(
    Options.withDescription(`Write ${what} to this file (refused if it exists, unless --force).`),
    Options.optional
  )

/**
 * `--force`.
 *
 * @since 0.2.0
 * @category options
 */
export const force = (what: string) => Options.boolean("force").pipe(Options.withDescription(what))

/**
 * `--seal <file|->`.
 *
 * @since 0.2.0
 * @category options
 */
export const seal = Options.text("seal").pipe(
  Options.withDescription(
    "A seal to check the log against: a file written by `seal --out` (or the JSON `seal` prints), a signed " +
      "checkpoint file, or - to read it from stdin."
  ),
  Options.optional
)

/**
 * `--key <public key file>`.
 *
 * @since 0.2.0
 * @category options
 */
export const key = Options.text("key").pipe(
  Options.withDescription(
    "The facility's Ed25519 public key (PEM) to check a signed checkpoint's signature with; compare its " +
      "fingerprint with the one the facility gave you through another channel."
  ),
  Options.optional
)
