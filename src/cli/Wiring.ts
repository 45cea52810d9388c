/**
 * The services the commands stand on besides the store's ports, in one place: the read models
 * (`ReadModelsPort.ts`), the report renderer (`ReportRenderer.ts`) and the projections
 * (`ProjectionsPort.ts`). This build folds the log for the first and the last and renders Markdown
 * and CSV itself; the integrator swaps the layers here for the projection engine's tables and the
 * reports module's renderer, and no command changes.
 *
 * @since 0.2.0
 */
import * as Layer from "effect/Layer"
import type { EventStore } from "../ports/EventStore.js"
import * as FoldedReadModels from "./FoldedReadModels.js"
import { layerFolded, type Projections } from "./ProjectionsPort.js"
import type { ReadModels } from "./ReadModelsPort.js"
import { layerMinimal, type ReportRenderer } from "./ReportRenderer.js"

/**
 * @since 0.2.0
 * @category models
 */
export type Services = ReadModels | ReportRenderer | Projections

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Services, never, EventStore> = Layer.mergeAll(
  FoldedReadModels.layer,
  layerMinimal,
  layerFolded
)
