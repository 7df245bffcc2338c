import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salesforceRecordUrl } from "../../../app/services/admin/links";
import { SalesforceNeedsReauthError, toSalesforceConnectionError } from "../../../app/services/salesforce/index.server";
import { SHOP, caught, startHarness, type Harness } from "../salesforce-connection/harness";

// The instance URL a token refresh returns is checked like the one at connect, and links built from an
// instance URL are https only.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.connectShop(SHOP);
});
afterAll(async () => {
  await h.close();
});

describe("instance URL from a token refresh", () => {
  it("refuses a refresh that names a host outside Salesforce: no call goes there, the shop must reconnect", async () => {
    const before = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    const conn = await h.sf.connectionFor(SHOP);
    h.emulator.defaultOrg.setRefreshInstanceUrl("https://attacker.example.com");
    h.emulator.defaultOrg.expireSessions();
    const error = toSalesforceConnectionError(await caught(conn.query("SELECT Id FROM Account")), SHOP);
    expect(error).toBeInstanceOf(SalesforceNeedsReauthError);
    const after = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(after).toMatchObject({ status: "needs-reauth", instanceUrl: before.instanceUrl, accessTokenEncrypted: null, refreshTokenEncrypted: null });
    expect(after.statusMessage).toMatch(/instance URL outside Salesforce/);
    h.emulator.defaultOrg.setRefreshInstanceUrl(undefined);
  });
});

describe("links to Salesforce records", () => {
  it.each([
    ["https://acme.my.salesforce.com", "https://acme.my.salesforce.com/0018c0000000001AAA"],
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787/0018c0000000001AAA"],
    ["http://acme.my.salesforce.com", null],
    ["javascript:alert(document.cookie)//", null],
    ["data:text/html,hi", null],
  ])("from instance URL %s → %s", (instanceUrl, expected) => {
    expect(salesforceRecordUrl(instanceUrl, "0018c0000000001AAA")).toBe(expected);
  });
});
