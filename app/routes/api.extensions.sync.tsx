import type { ActionFunctionArgs } from "@remix-run/node";
import type { QueueOutcome } from "../../extensions/shared/sync-api";
import { ExtensionError, extensionApi, handleExtensionRequest, parseResource, parseShopifyId, readJson } from "../services/extensions/extension-api.server";

// POST /api/extensions/sync {resource, ids} — "Sync to Salesforce" for one record or an index selection:
// the current records are read from Shopify's Admin API and queued like their webhooks.
export const action = ({ request }: ActionFunctionArgs) =>
  handleExtensionRequest(request, "write", async ({ shop, admin, json }, cost) => {
    const body = await readJson(request);
    const resource = parseResource(body.resource);
    if (!Array.isArray(body.ids) || body.ids.length === 0) throw new ExtensionError(400, "ids must be a non-empty list.");
    if (body.ids.length > extensionApi.MAX_SELECTION) throw new ExtensionError(400, `At most ${extensionApi.MAX_SELECTION} records at once.`);
    const ids = body.ids.map((id) => parseShopifyId(id, resource));
    cost(ids.length);
    const outcome = await (await extensionApi.manualSync()).queue(shop, resource, admin, ids);
    // Nothing Shopify knows for this shop: the ids are someone else's (or gone).
    if (outcome.notFound.length === ids.length) throw new ExtensionError(404, "Not found.");
    return json({ ...outcome, activityPath: `/app/activity?resource=${resource}` } satisfies QueueOutcome);
  });

export const loader = () => new Response("Use POST.", { status: 405 });
