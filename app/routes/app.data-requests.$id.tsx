import type { LoaderFunctionArgs } from "@remix-run/node";
import { admin } from "../services/admin/admin.server";
import { notFound, requireAdmin } from "../services/admin/route-helpers.server";

// A customers/data_request export as a JSON download, for the merchant to hand to the customer.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const document = await admin.privacy.exportDocument(shop, params.id ?? "");
  if (document === null) notFound();
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="customer-data-request-${params.id}.json"`,
      "cache-control": "no-store",
    },
  });
};
