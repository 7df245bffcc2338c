import type { Api } from "@shopify/ui-extensions/admin.customer-details.action.render";
import { render } from "preact";
import { SyncAction } from "../../shared/sync-action";

// One module for both targets (the customer's More actions, and a selection on the customers index): the
// host sets the `shopify` global, with the customer or the selected customers in data.selected.
declare const shopify: Api;

export default async () => {
  render(<SyncAction resource="customer" selected={shopify.data.selected} close={() => shopify.close()} />, document.body);
};
