/**
 * training-ledger: the official record of government training programs as an append-only,
 * replayable, hash-chained event log.
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

/** The application service: `execute(command, context)`. @since 0.1.0 */
export * as Ledger from "./Ledger.js"
/** What the Ledger accepts (certificate requests without number and code). @since 0.1.0 */
export * as Requests from "./ledger/Requests.js"
/** Certificate verification codes. @since 0.1.0 */
export * as VerificationCodes from "./ledger/VerificationCodes.js"

/** The event log port. @since 0.1.0 */
export * as EventStore from "./adapters/EventStore.js"
/** Upcasters for old event schema versions. @since 0.1.0 */
export * as Upcasters from "./adapters/Upcasters.js"
/** The event log in memory. @since 0.1.0 */
export * as MemoryEventStore from "./adapters/memory/MemoryEventStore.js"
/** The participant registry port (personal data, outside the log). @since 0.1.0 */
export * as ParticipantRegistry from "./adapters/ParticipantRegistry.js"
/** Participant registration and validation (NIK, NIP). @since 0.1.0 */
export * as Participant from "./registry/Participant.js"
/** Store layers from a URL (`sqlite:`, `postgres://`, `memory:`). @since 0.1.0 */
export * as Stores from "./adapters/layerFromUrl.js"

/** Read models as pure folds. @since 0.1.0 */
export * as Projection from "./projections/Projection.js"
/** The program summary read model. @since 0.1.0 */
export * as ProgramSummary from "./projections/ProgramSummary.js"

/** The Promise API. @since 0.1.0 */
export { openLedger } from "./promise.js"
