import type { RoutingResult } from '@app/domain';

/** POST /routing/preview: what intake would do with a text now. */
export type RoutingPreviewView = RoutingResult;

/** GET /routing/model: the model in use (no model yet: `version` and `createdAt` null) and its measured precision. */
export interface RoutingModelView<I = string> {
  version: number | null;
  createdAt: I | null;
  seedExamples: number;
  decisions: number;
  /** How many of the desk's most recent decisions it was measured on (not trained on). */
  measuredOn: number;
  precision: number | null;
  coverage: number | null;
  top1: number | null;
  threshold: number;
}
