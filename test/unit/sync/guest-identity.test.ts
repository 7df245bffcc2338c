import { describe, expect, it } from "vitest";
import { guestBucket, guestBuyer, guestKey, normalizeGuestEmail, withBuyer } from "../../../app/sync/guest-identity";
import { sha256Hex } from "../../../app/sync/sha256";

describe("guest identity", () => {
  it("keys a guest by the sha-256 of the trimmed, lower-cased email", () => {
    expect(normalizeGuestEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(normalizeGuestEmail("   ")).toBeUndefined();
    expect(normalizeGuestEmail(null)).toBeUndefined();
    expect(guestKey("ada@example.com")).toBe(`guest:${sha256Hex("ada@example.com")}`);
  });

  it("names the guest from the billing address, else the shipping address, and falls back to contact_email", () => {
    expect(guestBuyer({ email: "", contact_email: "Ada@example.com", billing_address: null, shipping_address: { first_name: " Ada ", last_name: "Lovelace" } })).toEqual({
      id: guestKey("ada@example.com"),
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      guest: true,
    });
    expect(guestBuyer({ email: null, contact_email: null })).toBeUndefined();
  });

  it("makes the customer the buyer when there is one, and adds nothing for an anonymous guest", () => {
    const customer = { id: "706405506930370084", email: "c@example.com" };
    expect(withBuyer({ customer, email: "other@example.com" })).toMatchObject({ _buyer: customer });
    const anonymous = { customer: null, email: null };
    expect(withBuyer(anonymous)).toBe(anonymous);
  });

  it("spreads keys over 1…n buckets, the same bucket for the same key", () => {
    const buckets = Array.from({ length: 500 }, (_unused, n) => guestBucket(String(n), 100));
    expect(Math.min(...buckets)).toBe(1);
    expect(Math.max(...buckets)).toBe(100);
    expect(guestBucket("42", 100)).toBe(guestBucket("42", 100));
  });
});
