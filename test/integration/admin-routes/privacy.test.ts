import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SHOP, SHOP, startAdminHarness, type AdminHarness } from "./harness";

// The redaction policy on the Salesforce page; privacy requests and data-request downloads on the Activity page.

type ConnectionRoute = typeof import("../../../app/routes/app.connection");
type ActivityRoute = typeof import("../../../app/routes/app.activity._index");
type ExportRoute = typeof import("../../../app/routes/app.data-requests.$id");

let h: AdminHarness;
let connection: ConnectionRoute;
let activity: ActivityRoute;
let download: ExportRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  connection = await import("../../../app/routes/app.connection");
  activity = await import("../../../app/routes/app.activity._index");
  download = await import("../../../app/routes/app.data-requests.$id");
});
afterAll(() => h.close());

describe("privacy in the admin", () => {
  it("chooses the redaction policy on the Salesforce page (anonymize by default) and refuses an unknown one", async () => {
    expect((await h.load(connection, "/app/connection")).redactionPolicy).toBe("anonymize");
    expect(await h.act(connection, "/app/connection", { intent: "redaction-policy", policy: "delete" })).toMatchObject({ policy: "delete" });
    expect((await h.load(connection, "/app/connection")).redactionPolicy).toBe("delete");
    expect(await h.act(connection, "/app/connection", { intent: "redaction-policy", policy: "shred" })).toMatchObject({ intent: "invalid" });
    expect((await h.load(connection, "/app/connection", { shop: OTHER_SHOP })).redactionPolicy).toBe("anonymize");
  });

  it("lists privacy requests with the data-request export to download, only to its shop", async () => {
    const { rows } = await h.sql.query(
      `INSERT INTO "ComplianceRequest" (id, shop, topic, "webhookEventId", status, "receivedAt", "completedAt") VALUES
         (gen_random_uuid(), $1, 'customers/data_request', 'evt-1', 'done', now() - interval '1 minute', now()),
         (gen_random_uuid(), $1, 'customers/redact', 'evt-2', 'done', now(), now()) RETURNING id, topic`,
      [SHOP],
    );
    const requestId = rows.find((row) => row.topic === "customers/data_request")!.id;
    const exported = await h.sql.query(
      `INSERT INTO "CustomerDataExport" (id, shop, "requestId", "subjectHash", document) VALUES (gen_random_uuid(), $1, $2, 'h', '{"customerId":"42","webhookEvents":[]}') RETURNING id`,
      [SHOP, requestId],
    );
    const exportId = exported.rows[0].id;
    const page = await h.load(activity, "/app/activity");
    expect(page.privacyRequests.map((request) => [request.topic, request.exportId])).toEqual([
      ["customers/redact", null],
      ["customers/data_request", exportId],
    ]);
    const file = (await download.loader({ request: new Request(`https://app.example.com/app/data-requests/${exportId}`, { headers: { Authorization: (await authHeader()) } }), params: { id: exportId }, context: {} })) as Response;
    expect(file.headers.get("content-disposition")).toMatch(/attachment/);
    expect(JSON.parse(await file.text())).toEqual({ customerId: "42", webhookEvents: [] });
    expect((await h.thrown(h.load(download, `/app/data-requests/${exportId}`, { shop: OTHER_SHOP, params: { id: exportId } }))).status).toBe(404);
    expect((await h.load(activity, "/app/activity", { shop: OTHER_SHOP })).privacyRequests).toEqual([]);
  });
});

async function authHeader(): Promise<string> {
  const { sessionToken } = await import("./harness");
  return `Bearer ${sessionToken(SHOP)}`;
}
