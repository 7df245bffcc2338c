import type { MappingContext } from "./apply-mapping";
import type { CompiledMapping } from "./compile-mapping";
import type { SyncRecordState } from "./ports";
import { mapEvent, type MappedEvent } from "./prepare-event";
import { compileRules, type CompiledRule } from "./validate-record";
import type { ValidationRule } from "./validation-rule";

// Mapping and the merchant's rules run merchant code (JSONata, regexes). The engine hands a whole batch to
// an EventMapper in one call, so a host can run it out of line — in a sandbox with budgets — at one round
// trip per batch. `mapInProcess` is the unbounded reference, for the pure core's own tests.

export interface MapRequest {
  kind: "upsert" | "delete";
  payload: unknown;
  mapping: CompiledMapping;
  rules: readonly ValidationRule[];
  context: MappingContext;
  syncRecord: SyncRecordState | null;
}

export type EventMapper = (requests: readonly MapRequest[]) => Promise<MappedEvent[]>;

export const mapInProcess: EventMapper = async (requests) => {
  const compiled = new Map<string, CompiledRule[]>();
  const results: MappedEvent[] = [];
  for (const request of requests) {
    let rules = compiled.get(request.mapping.cacheKey);
    if (!rules) {
      rules = compileRules(request.rules, request.mapping.document);
      compiled.set(request.mapping.cacheKey, rules);
    }
    results.push(await mapEvent({ ...request, rules }));
  }
  return results;
};
