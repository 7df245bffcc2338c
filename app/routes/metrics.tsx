import type { LoaderFunctionArgs } from "@remix-run/node";
import { metrics } from "../context.server";
import { metricsAccess } from "../services/metrics/metrics-access.server";

// Prometheus scrape endpoint (web process): `Authorization: Bearer $METRICS_TOKEN`. Without a token it
// is open in development only; production answers 401 until METRICS_TOKEN is set.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const denied = metricsAccess(request, process.env);
  if (denied) return denied;
  return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" } });
};
