import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SHOP, startAdminHarness, type AdminHarness } from "./harness";

type HomeRoute = typeof import("../../../app/routes/app._index");

let h: AdminHarness;
let home: HomeRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  home = await import("../../../app/routes/app._index");
});
afterAll(() => h.close());

describe("app._index", () => {
  it("shows a fresh shop's connection, an unfinished checklist and zeros", async () => {
    const { dashboard } = await h.load(home, "/app", { shop: OTHER_SHOP });
    expect(dashboard.connection.status).toBe("disconnected");
    expect(dashboard.checklist.every((item) => !item.done)).toBe(true);
    expect(dashboard.today).toEqual({ synced: 0, failed: 0, pending: 0, received: 0 });
    expect(dashboard.chart).toHaveLength(14);
    expect(dashboard.problems).toEqual([]);
  });

  it("counts today's events, the backlog and the chart for the session's shop only", async () => {
    const now = Date.now();
    const ago = (hours: number) => new Date(now - hours * 3_600_000);
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const sinceMidnight = (now - today.getTime()) / 3_600_000;
    for (let i = 0; i < 3; i++) await h.seedEvent({ status: "synced", receivedAt: ago(sinceMidnight / 2) });
    const parked = await h.seedEvent({ status: "needs-attention", lastError: "REQUIRED_FIELD_MISSING: LastName", receivedAt: ago(sinceMidnight / 3) });
    await h.seedEvent({ status: "queued", receivedAt: ago(sinceMidnight / 4) });
    await h.seedEvent({ status: "dead", receivedAt: ago(24 * 3 + 1) });
    await h.seedEvent({ status: "synced", receivedAt: ago(24 * 20) }); // outside the chart
    for (let i = 0; i < 5; i++) await h.seedEvent({ shop: OTHER_SHOP, status: "needs-attention" });

    const { shop, dashboard } = await h.load(home, "/app");
    expect(shop).toBe("admin-routes.myshopify.com");
    expect(dashboard.connection).toMatchObject({ status: "connected", health: expect.objectContaining({ ready: true }) });
    expect(dashboard.checklist.map((item) => [item.id, item.done])).toEqual([
      ["connect", true],
      ["setup", true],
      ["mappings", false],
      ["first-sync", true],
    ]);
    expect(dashboard.today).toEqual({ synced: 3, failed: 1, pending: 1, received: 5 });
    expect(dashboard.backlog).toMatchObject({ pending: 1, needsAttention: 1, dead: 1 });
    expect(dashboard.chart.at(-1)).toEqual({ day: today.toISOString().slice(0, 10), synced: 3, failed: 1 });
    expect(dashboard.chart.reduce((sum, day) => sum + day.synced + day.failed, 0)).toBe(5);
    expect(dashboard.problems.map((problem) => problem.id)).toContain(parked);
    expect(dashboard.problems).toHaveLength(2);
  });

  it("asks for a session token", async () => {
    expect([302, 401]).toContain((await h.thrown(h.load(home, "/app", { anonymous: true }))).status);
  });
});
