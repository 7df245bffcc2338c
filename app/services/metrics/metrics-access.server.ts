import { createHash, timingSafeEqual } from "node:crypto";

/** null when the request may read /metrics; otherwise the 401 to answer. */
export function metricsAccess(request: Request, env: Readonly<Record<string, string | undefined>>): Response | null {
  const token = env.METRICS_TOKEN;
  if (!token) {
    if (env.NODE_ENV !== "production") return null;
    return unauthorized("/metrics is closed: set METRICS_TOKEN and scrape with `Authorization: Bearer <token>`.");
  }
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  // Compare digests: equal length, constant time, whatever was presented.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  if (presented && timingSafeEqual(digest(presented), digest(token))) return null;
  return unauthorized("Unauthorized: /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.");
}

function unauthorized(message: string): Response {
  return new Response(message, { status: 401, headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' } });
}
