import type { Api } from "@shopify/ui-extensions/admin.customer-details.block.render";
import { render } from "preact";
import { SyncStatusBlock } from "../../shared/sync-status-block";
import { numericId } from "../../shared/backend";

// Shopify's host sets the `shopify` global for this target: the customer being viewed is data.selected[0].
declare const shopify: Api;

export default async () => {
  const selected = shopify.data.selected[0];
  render(<SyncStatusBlock resource="customer" id={selected ? numericId(selected.id) : null} />, document.body);
};
