import type jsonata from "jsonata";
import type { DocumentIssue } from "./issue-path";
import type { ExpressionRuntime } from "./expression-runtime";
import { compileJsonata, evaluateJsonata } from "./jsonata-syntax";
import type { FieldMapping, MappingDocument, ReferenceDefinition, TargetDefinition } from "./mapping-schema";
import { orderTargets, parseMappingDocument } from "./parse-mapping-document";
import { err, ok, type Result } from "./result";
import { flowsToSalesforce } from "./reverse/field-direction";
import { parseSourcePath, resolvePath, type EvaluationScope, type SourcePath } from "./source-path";

// JSONata parsing is the expensive part of a mapping; it happens once per mapping version, and each
// payload only evaluates. MappingSet versions are immutable, so a cache key never changes meaning.

export type Evaluator = (scope: EvaluationScope) => unknown;

export interface CompiledField {
  readonly def: FieldMapping;
  readonly evaluate: Evaluator;
}

export interface CompiledReference {
  readonly def: ReferenceDefinition;
  /** External references (another resource's record) compute the parent's external id. */
  readonly externalId?: Evaluator;
}

export interface CompiledTarget {
  readonly def: TargetDefinition;
  readonly forEach?: SourcePath;
  readonly when?: Evaluator;
  readonly externalId: Evaluator;
  readonly fields: readonly CompiledField[];
  readonly references: readonly CompiledReference[];
}

export interface CompiledMapping {
  readonly cacheKey: string;
  readonly document: MappingDocument;
  /** Parents before dependents. */
  readonly targets: readonly CompiledTarget[];
}

export function compileMapping(document: MappingDocument, cacheKey: string, runtime?: ExpressionRuntime): CompiledMapping {
  const expression = expressionCompiler(runtime);
  const targets = orderTargets(document.targets).map((def) => compileTarget(def, expression));
  return { cacheKey, document, targets };
}

function compileTarget(def: TargetDefinition, expression: (text: string) => Evaluator): CompiledTarget {
  return {
    def,
    forEach: def.forEach !== undefined ? path(def.forEach) : undefined,
    when: def.when !== undefined ? expression(def.when) : undefined,
    externalId: def.externalIdExpression !== undefined ? expression(def.externalIdExpression) : pathEvaluator(path(def.externalIdSource ?? "")),
    // Salesforce → Shopify rows are read by the reverse sync (app/sync/reverse), never sent forward.
    fields: def.fields.filter(flowsToSalesforce).map((field) => ({ def: field, evaluate: fieldEvaluator(field, expression) })),
    references: def.references.map((reference) => ({
      def: reference,
      externalId:
        reference.expression !== undefined
          ? expression(reference.expression)
          : reference.source !== undefined
            ? pathEvaluator(path(reference.source))
            : undefined,
    })),
  };
}

function fieldEvaluator(field: FieldMapping, expression: (text: string) => Evaluator): Evaluator {
  if (field.expression !== undefined) return expression(field.expression);
  if (field.source !== undefined) return pathEvaluator(path(field.source));
  const constant = field.value;
  return () => constant;
}

// The document was validated by parseMappingDocument; a failure here is a programming error.
function path(text: string): SourcePath {
  const parsed = parseSourcePath(text);
  if (!parsed.ok) throw new Error(`Invalid path "${text}" in a validated mapping: ${parsed.error}`);
  return parsed.value;
}

function pathEvaluator(source: SourcePath): Evaluator {
  return (scope) => resolvePath(source, scope);
}

function expressionCompiler(runtime: ExpressionRuntime | undefined): (text: string) => Evaluator {
  return (text) => {
    const compiled = compileJsonata(text, runtime);
    if (!compiled.ok) throw new Error(`Invalid JSONata in a validated mapping: ${compiled.error}`);
    const program: jsonata.Expression = compiled.value;
    return async (scope) =>
      toPlainJson(await evaluateJsonata(program, runtime, scope.root, { item: scope.item, index: scope.index, context: scope.context }));
  };
}

/** JSONata returns sequences (arrays with extra properties) and may return functions; keep plain JSON. */
export function toPlainJson(value: unknown): unknown {
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (Array.isArray(value)) return Array.from(value, toPlainJson).filter((element) => element !== undefined);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const plain = toPlainJson(inner);
      if (plain !== undefined) out[key] = plain;
    }
    return out;
  }
  return value;
}

/** Parses and compiles stored documents once per cache key (e.g. `shop:resource:version`), LRU-bounded. */
export class MappingCompiler {
  private readonly cache = new Map<string, Result<CompiledMapping, DocumentIssue[]>>();

  constructor(
    private readonly maxEntries = 256,
    private readonly runtime?: ExpressionRuntime,
  ) {}

  compile(cacheKey: string, document: unknown): Result<CompiledMapping, DocumentIssue[]> {
    const hit = this.cache.get(cacheKey);
    if (hit) {
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      return hit;
    }
    const parsed = parseMappingDocument(document);
    const result = parsed.ok ? ok(compileMapping(parsed.value, cacheKey, this.runtime)) : err(parsed.error);
    this.cache.set(cacheKey, result);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return result;
  }

  get size(): number {
    return this.cache.size;
  }
}
