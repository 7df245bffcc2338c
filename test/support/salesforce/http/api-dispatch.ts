import { collectionRoutes } from "../api/collection-routes";
import { compositeRoutes } from "../api/composite-routes";
import { orgRoutes } from "../api/org-routes";
import { queryRoutes } from "../api/query-routes";
import { replicationRoutes } from "../api/replication-routes";
import { sobjectRoutes } from "../api/sobject-routes";
import { bulkRoutes } from "../bulk/bulk-routes";
import { err, restErrorBody, SfApiError } from "../errors";
import type { ApiRequest, ApiResponse, Route } from "./api-types";

export interface Dispatched {
  response: ApiResponse;
  endpoint: string;
}

const UNKNOWN_EXCEPTION = {
  errorCode: "UNKNOWN_EXCEPTION",
  message: "An unexpected error occurred. Please include this ErrorId if you contact support: 1650723862-118 (-1234567890)",
};

/** Routes a data API request below /services/data/vXX.X; errors become Salesforce error bodies. */
export function createApiDispatcher(): (req: ApiRequest) => Promise<Dispatched> {
  const routes: Route[] = [];
  const dispatch = async (req: ApiRequest): Promise<Dispatched> => {
    let pathMatched = false;
    for (const route of routes) {
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      const params = m.slice(1);
      const endpoint = route.endpoint(params);
      try {
        return { response: await route.handler(req, params), endpoint };
      } catch (e) {
        return { response: errorResponse(e), endpoint };
      }
    }
    const failure = pathMatched ? err.methodNotAllowed(req.method) : err.notFound();
    return { response: errorResponse(failure), endpoint: `${req.method} (unmatched)` };
  };
  routes.push(
    ...orgRoutes,
    ...queryRoutes,
    ...compositeRoutes(async (sub) => (await dispatch(sub)).response),
    ...collectionRoutes,
    ...replicationRoutes,
    ...sobjectRoutes,
    ...bulkRoutes,
  );
  return dispatch;
}

export function errorResponse(e: unknown): ApiResponse {
  if (e instanceof SfApiError) return { status: e.status, body: restErrorBody(e.errors) };
  // A bug in the emulator must look like a Salesforce 500, but should still be visible.
  console.error("[salesforce-emulator] internal error", e);
  return { status: 500, body: [UNKNOWN_EXCEPTION] };
}
