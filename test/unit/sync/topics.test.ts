import { describe, expect, it } from "vitest";
import { routeTopic } from "../../../app/sync/topics";

describe("routeTopic", () => {
  it("syncs customer, order and refund topics", () => {
    expect(routeTopic("customers/create")).toEqual({ kind: "upsert", resource: "customer" });
    expect(routeTopic("customers/update")).toEqual({ kind: "upsert", resource: "customer" });
    expect(routeTopic("orders/paid")).toEqual({ kind: "upsert", resource: "order" });
    expect(routeTopic("orders/cancelled")).toEqual({ kind: "upsert", resource: "order" });
    expect(routeTopic("refunds/create")).toEqual({ kind: "upsert", resource: "refund" });
  });

  it("routes customers/delete to the delete policy", () => {
    expect(routeTopic("customers/delete")).toEqual({ kind: "delete", resource: "customer" });
  });

  it("skips lifecycle, compliance and unknown topics with a reason", () => {
    for (const topic of ["app/uninstalled", "customers/redact", "customers/data_request", "shop/redact", "orders/delete", "products/update"]) {
      const route = routeTopic(topic);
      expect(route.kind).toBe("ignore");
      if (route.kind === "ignore") expect(route.reason.length).toBeGreaterThan(10);
    }
  });
});
