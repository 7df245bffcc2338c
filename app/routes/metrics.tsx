import { metrics } from "../context.server";

// Prometheus scrape endpoint (web process). Protect it at your proxy if the app is public.
export const loader = async () =>
  new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
