/**
 * Rejections of the program's lifecycle: drafting, partners, publishing, starting and
 * documentation.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { DocumentId, ProgramId } from "../../Identifiers.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class ProgramAlreadyDrafted extends Schema.TaggedError<ProgramAlreadyDrafted>()("ProgramAlreadyDrafted", {
  programId: ProgramId
}) {
  override get message() {
    return `Program ${this.programId} already exists: choose another program id`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class NoSessionsScheduled extends Schema.TaggedError<NoSessionsScheduled>()("NoSessionsScheduled", {
  programId: ProgramId
}) {
  override get message() {
    return `Program ${this.programId} has no scheduled session: schedule at least one before starting it`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class PartnerAlreadyAdded extends Schema.TaggedError<PartnerAlreadyAdded>()("PartnerAlreadyAdded", {
  organisation: Schema.String
}) {
  override get message() {
    return `${this.organisation} is already a partner of this program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class PartnerNotFound extends Schema.TaggedError<PartnerNotFound>()("PartnerNotFound", {
  organisation: Schema.String
}) {
  override get message() {
    return `${this.organisation} is not a partner of this program: nothing to remove`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class DocumentAlreadyAttached extends Schema.TaggedError<DocumentAlreadyAttached>()("DocumentAlreadyAttached", {
  documentId: DocumentId
}) {
  override get message() {
    return `Document ${this.documentId} is already attached to this program: use a new document id`
  }
}
