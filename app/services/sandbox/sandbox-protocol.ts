import type { MappingContext } from "../../sync/apply-mapping";
import type { MappingDocument } from "../../sync/mapping-schema";
import type { SyncRecordState } from "../../sync/ports";
import type { MappedEvent } from "../../sync/prepare-event";
import type { ValidationRule } from "../../sync/validation-rule";

// Messages between the app and its expression sandbox thread (structured-clone safe: plain data only).

export interface SandboxRequest {
  kind: "upsert" | "delete";
  payload: unknown;
  /** Key into the batch's `mappings` (each mapping and its rules travel once per batch, not per event). */
  cacheKey: string;
  context: MappingContext;
  syncRecord: SyncRecordState | null;
}

export interface SandboxMapping {
  document: MappingDocument;
  rules: readonly ValidationRule[];
}

export interface SandboxSettings {
  /** Wall-clock budget of one expression evaluation. */
  timeBudgetMs: number;
}

/** `trace`: report each expression before it runs (used to name the culprit after a runaway was killed). */
export type ToSandbox = { type: "map"; id: number; mappings: Record<string, SandboxMapping>; requests: SandboxRequest[]; trace: boolean };
export type FromSandbox =
  | { type: "ready" }
  | { type: "expression"; id: number; text: string }
  | { type: "mapped"; id: number; results: MappedEvent[] }
  | { type: "failed"; id: number; message: string };
