import { InlineStack, Select, TextField } from "@shopify/polaris";
import type { DocumentIssue } from "../../sync/issue-path";
import { issueAt, type FieldDraft } from "./draft";

// Direction and conflict owner of one mapping row, and the Shopify field a row that flows back writes.
// Values are listed here rather than imported: app/sync/reverse/field-direction.ts pulls zod into the bundle.

const DIRECTIONS = [
  { label: "Shopify → Salesforce", value: "shopify-to-salesforce" },
  { label: "Salesforce → Shopify", value: "salesforce-to-shopify" },
  { label: "Both ways", value: "both" },
];
const OWNERS = [
  { label: "Salesforce wins", value: "salesforce" },
  { label: "Shopify wins", value: "shopify" },
];
const SHOPIFY_TARGETS = [
  { label: "Customer first name", value: "field:firstName" },
  { label: "Customer last name", value: "field:lastName" },
  { label: "Customer phone", value: "field:phone" },
  { label: "Customer note", value: "field:note" },
  { label: "Customer tags (add/remove)", value: "tags" },
  { label: "Customer metafield ($app:salesforce)", value: "metafield" },
];
const METAFIELD_TYPES = ["single_line_text_field", "multi_line_text_field", "url", "number_integer", "boolean"].map((value) => ({ label: value, value }));

type ShopifyDraft = { kind?: string; field?: string; key?: string; type?: string; namespace?: string; separator?: string };

function targetChoice(shopify: ShopifyDraft | undefined): string {
  if (shopify?.kind === "customer-field") return `field:${shopify.field ?? "phone"}`;
  if (shopify?.kind === "customer-tags") return "tags";
  if (shopify?.kind === "customer-metafield") return "metafield";
  return "field:phone";
}

function shopifyFor(choice: string, previous: ShopifyDraft | undefined): ShopifyDraft {
  if (choice.startsWith("field:")) return { kind: "customer-field", field: choice.slice(6) };
  if (choice === "tags") return { kind: "customer-tags", separator: ";" };
  return { kind: "customer-metafield", key: previous?.key ?? "account_owner", type: previous?.type ?? "single_line_text_field" };
}

/** The row as it flows in `direction`: owner only for "both", a Shopify target only when it flows back. */
export function withDirection(field: FieldDraft, direction: string): FieldDraft {
  const next: FieldDraft = { ...field };
  delete next.direction;
  delete next.owner;
  delete next.shopify;
  if (direction === "shopify-to-salesforce") return next;
  next.direction = direction;
  next.shopify = (field.shopify as ShopifyDraft | undefined) ?? shopifyFor("field:phone", undefined);
  if (direction === "both") next.owner = (field.owner as string | undefined) ?? "salesforce";
  return next;
}

export function DirectionControls({ path, field, issues, onChange }: { path: string; field: FieldDraft; issues: readonly DocumentIssue[]; onChange(field: FieldDraft): void }) {
  const direction = String(field.direction ?? "shopify-to-salesforce");
  const shopify = field.shopify as ShopifyDraft | undefined;
  const choice = targetChoice(shopify);
  return (
    <InlineStack gap="300" blockAlign="center">
      <Select label="Direction" labelInline options={DIRECTIONS} value={direction} onChange={(value) => onChange(withDirection(field, value))} error={issueAt(issues, `${path}.direction`)} />
      {direction === "both" ? (
        <Select label="On conflict" labelInline options={OWNERS} value={String(field.owner ?? "salesforce")} onChange={(value) => onChange({ ...field, owner: value })} error={issueAt(issues, `${path}.owner`)} />
      ) : null}
      {direction !== "shopify-to-salesforce" ? (
        <Select label="Writes in Shopify" labelInline options={SHOPIFY_TARGETS} value={choice} onChange={(value) => onChange({ ...field, shopify: shopifyFor(value, shopify) })} error={issueAt(issues, `${path}.shopify`)} />
      ) : null}
      {direction !== "shopify-to-salesforce" && choice === "metafield" ? (
        <>
          <TextField label="Metafield key" labelHidden placeholder="account_owner" autoComplete="off" value={String(shopify?.key ?? "")} onChange={(key) => onChange({ ...field, shopify: { ...shopify, key } })} error={issueAt(issues, `${path}.shopify.key`)} />
          <Select label="Type" labelInline options={METAFIELD_TYPES} value={String(shopify?.type ?? "single_line_text_field")} onChange={(type) => onChange({ ...field, shopify: { ...shopify, type } })} />
        </>
      ) : null}
    </InlineStack>
  );
}
