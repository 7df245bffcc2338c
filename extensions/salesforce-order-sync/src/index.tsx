import type { Api } from "@shopify/ui-extensions/admin.order-details.action.render";
import { render } from "preact";
import { SyncAction } from "../../shared/sync-action";

// One module for both targets (the order's More actions, and a selection on the orders index): the
// host sets the `shopify` global, with the order or the selected orders in data.selected.
declare const shopify: Api;

export default async () => {
  render(<SyncAction resource="order" selected={shopify.data.selected} close={() => shopify.close()} />, document.body);
};
