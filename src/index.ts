/**
 * training-ledger: the official record of government training programs as an append-only,
 * replayable, hash-chained event log.
 *
 * This entry imports no database driver: the domain, the ports, the Ledger, the projections, the
 * stores in memory, and the wiring preset (which loads a driver only when its URL is used). The
 * SQL stores are in `training-ledger/sqlite` and `training-ledger/postgres`; the Promise API in
 * `training-ledger/promise`; the command line in `training-ledger/cli`.
 *
 * @since 0.1.0
 */

/** The Program aggregate: commands, events, rules. @since 0.1.0 */
export * as Program from "./domain/Program.js"
/** Gap-free certificate numbers per (issuer, year). @since 0.1.0 */
export * as CertificateNumbering from "./domain/CertificateNumbering.js"
/** The Decider type and `replay`. @since 0.1.0 */
export * as Decider from "./domain/Decider.js"
/** Branded ids and local dates. @since 0.1.0 */
export * as Identifiers from "./domain/Identifiers.js"
/** Reference data: absence, end, cancellation and revocation reasons. @since 0.1.0 */
export * as ReferenceData from "./domain/ReferenceData.js"
/** The envelope every event is stored in (actor, source, times, chain). @since 0.2.0 */
export * as Envelope from "./domain/Envelope.js"
/** Instants: ISO-8601 with an offset, real calendar values only. @since 0.2.0 */
export * as Instant from "./domain/Instant.js"
/** IANA time zones. @since 0.2.0 */
export * as TimeZone from "./domain/TimeZone.js"

/** Input from outside to domain values, or every field at fault with its rule. @since 0.2.0 */
export * as Decode from "./boundary/Decode.js"

/** Stored events to domain events (program and numbering), for any reader. @since 0.2.0 */
export * as EventCodec from "./events/EventCodec.js"

/** The application service: `execute(command, context)`. @since 0.1.0 */
export * as Ledger from "./ledger/Ledger.js"
/** What the Ledger accepts (certificate requests without number and code). @since 0.1.0 */
export * as Requests from "./ledger/Requests.js"
/** Certificate verification codes. @since 0.1.0 */
export * as VerificationCodes from "./ledger/VerificationCodes.js"
/** The participant registry with the access policy applied: register, read (masked), erase, rotate the KEK. @since 0.2.0 */
export * as Participants from "./ledger/Participants.js"
/** The access policy applied to the Ledger's commands. @since 0.2.0 */
export * as Access from "./ledger/Access.js"

/** The event log port. @since 0.1.0 */
export * as EventStore from "./ports/EventStore.js"
/** Reading the whole log a page at a time: `foldAll`, `readPage`. @since 0.2.0 */
export * as LogReads from "./log/LogReads.js"
/** The audit port: verify the chain and the tree, seals, checkpoints, Merkle proofs. @since 0.2.0 */
export * as LogAudit from "./ports/LogAudit.js"
/** Rows as stored, and the raw load of a whole log into an empty store (used by imports). @since 0.2.0 */
export * as LogTransfer from "./ports/LogTransfer.js"
/** Export bundles: a signed checkpoint, events with inclusion proofs, a signed manifest. @since 0.2.0 */
export * as Bundle from "./audit/Bundle.js"
/** The export bundle's format (header, event lines, manifest). @since 0.2.0 */
export * as BundleFormat from "./audit/BundleFormat.js"
/** The offline verifier of export bundles (no driver, no database code). @since 0.2.0 */
export * as VerifyBundle from "./audit/VerifyBundle.js"
/** A verified whole-log bundle into an empty store. @since 0.2.0 */
export * as Import from "./audit/Import.js"
/** The log only grew since an older checkpoint: `checkAgainstSeal`. @since 0.2.0 */
export * as Consistency from "./audit/Consistency.js"
/** The proof commands as functions (keys, seal, verify --seal, export, verify-bundle, import). @since 0.2.0 */
export * as AuditCommands from "./audit/Commands.js"
/** The projection store port: read-model rows and checkpoints. @since 0.2.0 */
export * as ProjectionStore from "./ports/ProjectionStore.js"
/** The participant registry port (personal data, outside the log). @since 0.1.0 */
export * as ParticipantRegistry from "./ports/ParticipantRegistry.js"
/** The canonical encoding and the hash chain. @since 0.2.0 */
export * as Hashing from "./ports/Hashing.js"
/** Upcasters for old event schema versions. @since 0.1.0 */
export * as Upcasters from "./ports/Upcasters.js"

/** Every port in memory. @since 0.2.0 */
export * as Memory from "./adapters/memory/Memory.js"
/** The event log in memory. @since 0.1.0 */
export * as MemoryEventStore from "./adapters/memory/MemoryEventStore.js"
/** Every port on an `SqlClient` you already have (SQLite or PostgreSQL; no driver imported). @since 0.2.0 */
export * as SqlStores from "./adapters/sql/SqlStores.js"
/** Participant registration and validation (NIK, NIP). @since 0.1.0 */
export * as Participant from "./registry/Participant.js"
/** Stores and the Ledger from a URL (`sqlite:`, `postgres://`, `memory:`), drivers loaded on use. @since 0.1.0 */
export * as Stores from "./stores/Stores.js"
/** Store URLs. @since 0.2.0 */
export * as StoreUrl from "./stores/StoreUrl.js"

/** The Merkle tree over the log (RFC 6962): roots, inclusion and consistency proofs. @since 0.2.0 */
export * as Merkle from "./audit/Merkle.js"
/** Signed checkpoints (Ed25519) and seal files. @since 0.2.0 */
export * as Checkpoint from "./audit/Checkpoint.js"
/** Signing key files. @since 0.2.0 */
export * as Keys from "./audit/Keys.js"

/** Who may execute which command and see which read model and field (roles as data). @since 0.2.0 */
export * as Policy from "./policy/Policy.js"
/** Checks an actor against the policy. @since 0.2.0 */
export * as Authorize from "./policy/Authorize.js"
/** Masked names for people who may not see them. @since 0.2.0 */
export * as Masking from "./policy/Masking.js"
/** Renders a policy as Markdown tables. @since 0.2.0 */
export * as PolicyMarkdown from "./policy/PolicyMarkdown.js"

/** The privacy keys' configuration: KEK, previous KEKs, blind-index key (files, environment, KMS). @since 0.2.0 */
export * as PrivacyKeys from "./privacy/PrivacyKeys.js"
/** Key-encryption keys: local (file, environment) or a KMS/HSM behind the same interface; the keyring. @since 0.2.0 */
export * as KeyEncryptionKey from "./privacy/KeyEncryptionKey.js"
/** 256-bit key material from files or environment variables. @since 0.2.0 */
export * as KeyMaterial from "./privacy/KeyMaterial.js"
/** Per-person data keys: create, look up, destroy, re-wrap. @since 0.2.0 */
export * as DataKeys from "./privacy/DataKeys.js"
/** The data-key store port. @since 0.2.0 */
export * as DataKeyStore from "./privacy/DataKeyStore.js"
/** Encrypted personal fields (`enc:v1:`), decrypted to the value or `Erased`. @since 0.2.0 */
export * as PersonalField from "./privacy/PersonalField.js"
/** Blind indexes of NIK and NIP. @since 0.2.0 */
export * as BlindIndex from "./privacy/BlindIndex.js"
/** The marker of erased personal data. @since 0.2.0 */
export * as Erased from "./privacy/Erased.js"

/** Read models as pure folds with their tables. @since 0.1.0 */
export * as Projection from "./projections/Projection.js"
/** A read model's row as a Schema, its SQL table derived from it. @since 0.2.0 */
export * as Columns from "./projections/Columns.js"
/** The built-in read models and which are inline. @since 0.2.0 */
export * as Catalog from "./projections/Catalog.js"
/** "As of" a business date, a record time or a log position. @since 0.2.0 */
export * as AsOf from "./projections/AsOf.js"
/** Read-model rows in memory (replays). @since 0.2.0 */
export * as RowSet from "./projections/RowSet.js"
/** The program summary read model. @since 0.1.0 */
export * as ProgramSummary from "./projections/ProgramSummary.js"
/** The program roster read model. @since 0.2.0 */
export * as Roster from "./projections/Roster.js"
/** The attendance register read model. @since 0.2.0 */
export * as AttendanceRegister from "./projections/AttendanceRegister.js"
/** The session summary read model. @since 0.2.0 */
export * as SessionSummary from "./projections/SessionSummary.js"
/** The participant attendance summary read model. @since 0.2.0 */
export * as ParticipantAttendance from "./projections/ParticipantAttendance.js"
/** The assessment results read model. @since 0.2.0 */
export * as AssessmentResults from "./projections/AssessmentResults.js"
/** The transcript read model. @since 0.2.0 */
export * as Transcript from "./projections/Transcript.js"
/** The certificate register read model. @since 0.2.0 */
export * as CertificateRegister from "./projections/CertificateRegister.js"
/** Evaluation material (documents, evaluations). @since 0.2.0 */
export * as Evaluation from "./projections/Evaluation.js"
/** The audit timeline read model. @since 0.2.0 */
export * as AuditTimeline from "./projections/AuditTimeline.js"

/** The projection engine: inline and async read models, rebuilds, as-of replays. @since 0.2.0 */
export * as ProjectionEngine from "./engine/Engine.js"
/** Queries over the read models. @since 0.2.0 */
export * as ReadModels from "./engine/ReadModels.js"
