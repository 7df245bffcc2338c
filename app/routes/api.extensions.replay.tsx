import type { ActionFunctionArgs } from "@remix-run/node";
import type { ReplayOutcome } from "../../extensions/shared/sync-api";
import { ExtensionError, extensionApi, handleExtensionRequest, parseResource, parseShopifyId, readJson } from "../services/extensions/extension-api.server";

// POST /api/extensions/replay {resource, id} — queues the record's newest event again (the block's Replay).
export const action = ({ request }: ActionFunctionArgs) =>
  handleExtensionRequest(request, "write", async ({ shop, json }) => {
    const body = await readJson(request);
    const resource = parseResource(body.resource);
    const shopifyId = parseShopifyId(body.id, resource);
    const status = await extensionApi.status.status(shop, resource, shopifyId);
    if (!status || status.state === "never-synced") throw new ExtensionError(404, "Not found.");
    const queued = await (await extensionApi.replay()).replayRecord(shop, resource, shopifyId);
    if (queued === 0) throw new ExtensionError(409, "This record is already waiting to sync.");
    return json({ queued } satisfies ReplayOutcome);
  });

export const loader = () => new Response("Use POST.", { status: 405 });
