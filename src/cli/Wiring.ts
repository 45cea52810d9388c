/**
 * The services the commands stand on besides the store's ports, in one place: the read models
 * (`ReadModelsPort.ts`), the report renderer (`ReportRenderer.ts`; this layer is
 * `HtmlReportRenderer.ts`: md and csv, and html through the reports module) and the projections
 * (`ProjectionsPort.ts`). The read models of `programs`, `replay` and `report` are folded from the
 * log (any `--as-of` cut can be answered, and an auditor's read writes nothing); `projections`
 * shows and rebuilds the projection engine's tables. Swapping a layer here changes no command.
 *
 * @since 0.2.0
 */
import * as Layer from "effect/Layer"
import type { EventStore } from "../ports/EventStore.js"
import * as FoldedReadModels from "./FoldedReadModels.js"
import type * as Engine from "../engine/Engine.js"
import { layerEngine, type Projections } from "./ProjectionsPort.js"
import type { ReadModels } from "./ReadModelsPort.js"
import * as HtmlReportRenderer from "./HtmlReportRenderer.js"
import type { ReportRenderer } from "./ReportRenderer.js"

/**
 * @since 0.2.0
 * @category models
 */
export type Services = ReadModels | ReportRenderer | Projections

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Services, never, EventStore | Engine.ProjectionEngine> = Layer.mergeAll(
  FoldedReadModels.layer,
  HtmlReportRenderer.layer,
  layerEngine
)
