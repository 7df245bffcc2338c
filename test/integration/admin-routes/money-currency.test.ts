import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SHOP, SHOP, startAdminHarness, type AdminHarness } from "./harness";

// The Order currency setting on the Salesforce page (Shop.moneyCurrency, read by the sync engine).

type ConnectionRoute = typeof import("../../../app/routes/app.connection");

let h: AdminHarness;
let connection: ConnectionRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  connection = await import("../../../app/routes/app.connection");
});
afterAll(() => h.close());

describe("order currency in the admin", () => {
  it("is the shop's currency by default, switches to the presentment currency, refuses anything else, and is per shop", async () => {
    expect((await h.load(connection, "/app/connection")).moneyCurrency).toBe("shop");
    expect(await h.act(connection, "/app/connection", { intent: "money-currency", moneyCurrency: "presentment" })).toMatchObject({ moneyCurrency: "presentment" });
    expect((await h.load(connection, "/app/connection")).moneyCurrency).toBe("presentment");
    const { rows } = await h.sql.query(`SELECT "moneyCurrency" FROM "Shop" WHERE shop = $1`, [SHOP]);
    expect(rows).toEqual([{ moneyCurrency: "presentment" }]);
    expect(await h.act(connection, "/app/connection", { intent: "money-currency", moneyCurrency: "EUR" })).toMatchObject({ intent: "invalid" });
    expect((await h.load(connection, "/app/connection", { shop: OTHER_SHOP })).moneyCurrency).toBe("shop");
  });
});
