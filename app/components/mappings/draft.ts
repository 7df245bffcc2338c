import type { DocumentIssue } from "../../sync/issue-path";
import type { Ownership } from "../../sync/mapping-schema";

// The mapping editor edits the document as plain JSON (what is stored); these helpers change one row at a
// time and leave every key they do not know untouched, so the row editor never loses what the JSON tab wrote.

export type FieldDraft = { target?: string; source?: string; expression?: string; value?: unknown; transforms?: unknown[]; ownership?: string; [key: string]: unknown };
export type TargetDraft = { key?: string; object?: string; externalIdField?: string; externalIdSource?: string; externalIdExpression?: string; forEach?: string; label?: string; fields?: FieldDraft[]; [key: string]: unknown };
export type DocumentDraft = { targets?: TargetDraft[]; [key: string]: unknown };

export type SourceKind = "source" | "expression" | "value";
// Listed here rather than imported: mapping-schema.ts would pull zod into the page bundle.
export const OWNERSHIPS: readonly Ownership[] = ["always", "create-only", "if-blank", "never", "create-and-close"];

export function parseDraft(text: string): { ok: true; draft: DocumentDraft } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, error: "The document must be a JSON object." };
    const targets = (value as DocumentDraft).targets;
    if (targets !== undefined && !Array.isArray(targets)) return { ok: false, error: '"targets" must be a list.' };
    return { ok: true, draft: value as DocumentDraft };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export const printDraft = (draft: DocumentDraft) => JSON.stringify(draft, null, 2);

function withFields(draft: DocumentDraft, t: number, change: (fields: FieldDraft[]) => FieldDraft[]): DocumentDraft {
  const targets = [...(draft.targets ?? [])];
  targets[t] = { ...targets[t], fields: change([...(targets[t]?.fields ?? [])]) };
  return { ...draft, targets };
}

export const updateField = (draft: DocumentDraft, t: number, f: number, field: FieldDraft) => withFields(draft, t, (fields) => fields.map((old, i) => (i === f ? field : old)));
export const removeField = (draft: DocumentDraft, t: number, f: number) => withFields(draft, t, (fields) => fields.filter((_, i) => i !== f));
export const addField = (draft: DocumentDraft, t: number) => withFields(draft, t, (fields) => [...fields, { target: "", source: "" }]);

export function sourceKindOf(field: FieldDraft): SourceKind {
  if (field.expression !== undefined) return "expression";
  if (field.value !== undefined) return "value";
  return "source";
}

/** The text shown in the source box: a path, a JSONata expression, or a constant as JSON. */
export function sourceTextOf(field: FieldDraft): string {
  const kind = sourceKindOf(field);
  if (kind === "value") return typeof field.value === "string" ? field.value : JSON.stringify(field.value);
  return String(field[kind] ?? "");
}

/** Constants are typed as JSON when they parse (true, 5, null) and kept as text otherwise. */
export function withSource(field: FieldDraft, kind: SourceKind, text: string): FieldDraft {
  const next: FieldDraft = { ...field };
  delete next.source;
  delete next.expression;
  delete next.value;
  if (kind === "value") {
    try {
      next.value = JSON.parse(text);
    } catch {
      next.value = text;
    }
  } else next[kind] = text;
  return next;
}

type DefaultTransform = { kind: "default"; value: unknown };
const isDefault = (transform: unknown): transform is DefaultTransform => typeof transform === "object" && transform !== null && (transform as { kind?: unknown }).kind === "default";

export function defaultValueOf(field: FieldDraft): string {
  const found = (field.transforms ?? []).find(isDefault);
  if (!found) return "";
  return typeof found.value === "string" ? found.value : JSON.stringify(found.value);
}

/** The "default" transform runs last, so it fills in whatever the source and other transforms left empty. */
export function withDefaultValue(field: FieldDraft, text: string): FieldDraft {
  const others = (field.transforms ?? []).filter((transform) => !isDefault(transform));
  return { ...field, transforms: text === "" ? others : [...others, { kind: "default", value: text }] };
}

/** Issues at a path or anywhere below it (`targets[0].fields[2]` covers `targets[0].fields[2].source`). */
export function issuesUnder(issues: readonly DocumentIssue[], path: string): string | undefined {
  const found = issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`));
  return found.length > 0 ? found.map((issue) => issue.message).join("; ") : undefined;
}

export function issueAt(issues: readonly DocumentIssue[], path: string): string | undefined {
  const found = issues.filter((issue) => issue.path === path);
  return found.length > 0 ? found.map((issue) => issue.message).join("; ") : undefined;
}
