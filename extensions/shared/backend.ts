import type { ExtensionResource, QueueOutcome, RecordSyncStatus, ReplayOutcome } from "./sync-api";

// The app's backend as the extensions call it. In the admin, `fetch` to the app's own URL (a relative path
// resolves against it) carries a session token that Shopify adds; the backend verifies it and answers
// only for the token's shop.

export class BackendError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new BackendError(0, "The app could not be reached. Check your connection and try again.");
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok) {
    const message = response.status === 404 ? "This record is not known to the app." : (body?.error ?? `The app answered ${response.status}.`);
    throw new BackendError(response.status, message);
  }
  return body as T;
}

const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export const backend = {
  status: (resource: ExtensionResource, id: string) => call<RecordSyncStatus>(`/api/extensions/status/${resource}/${encodeURIComponent(id)}`),
  replay: (resource: ExtensionResource, id: string) => call<ReplayOutcome>("/api/extensions/replay", post({ resource, id })),
  sync: (resource: ExtensionResource, ids: readonly string[]) => call<QueueOutcome>("/api/extensions/sync", post({ resource, ids })),
};

/** `gid://shopify/Order/123` → `123` (what the admin hands to extensions in `data.selected`). */
export function numericId(gid: string): string {
  return /(\d+)$/.exec(gid)?.[1] ?? gid;
}

/** An app page path (`/app/activity?…`) as the admin's `app:` link. */
export function appLink(path: string): string {
  return `app:${path.replace(/^\//, "")}`;
}
