import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ExtensionError, extensionApi, handleExtensionRequest, parseResource, parseShopifyId } from "../services/extensions/extension-api.server";

// GET /api/extensions/status/:resource/:id — everything the order/customer block shows, in one request.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleExtensionRequest(request, "read", async ({ shop, json }) => {
    const resource = parseResource(params.resource);
    const status = await extensionApi.status.status(shop, resource, parseShopifyId(params.id, resource));
    if (!status) throw new ExtensionError(404, "Not found.");
    return json(status);
  });

// Only the CORS preflight (authenticate.admin answers it); anything else is not allowed here.
export const action = ({ request }: ActionFunctionArgs) =>
  handleExtensionRequest(request, "read", async () => {
    throw new ExtensionError(405, "Use GET.");
  });
