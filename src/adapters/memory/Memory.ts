/**
 * Every port in memory, on one fresh {@link MemoryDatabase}: the event log and its audit, the
 * projection store and the participant registry. For tests, examples and quick starts; nothing
 * survives the process.
 *
 * @since 0.2.0
 */
import * as Layer from "effect/Layer"
import type { EventStore } from "../../ports/EventStore.js"
import type { LogAudit } from "../../ports/LogAudit.js"
import type { LogTransfer } from "../../ports/LogTransfer.js"
import type { ParticipantRegistry } from "../../ports/ParticipantRegistry.js"
import type { ProjectionStore } from "../../ports/ProjectionStore.js"
import type * as PrivacyKeys from "../../privacy/PrivacyKeys.js"
import * as MemoryDatabase from "./MemoryDatabase.js"
import * as MemoryEventStore from "./MemoryEventStore.js"
import * as MemoryParticipantRegistry from "./MemoryParticipantRegistry.js"
import * as MemoryProjectionStore from "./MemoryProjectionStore.js"

/**
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: MemoryEventStore.Options & MemoryParticipantRegistry.Options = {}
): Layer.Layer<
  EventStore | LogAudit | LogTransfer | ProjectionStore | ParticipantRegistry,
  PrivacyKeys.LoadError | PrivacyKeys.PrivacyKeysNotConfigured
> =>
  Layer.mergeAll(
    MemoryEventStore.layer(options),
    MemoryProjectionStore.layer,
    MemoryParticipantRegistry.layer(options)
  ).pipe(Layer.provide(MemoryDatabase.layer))
