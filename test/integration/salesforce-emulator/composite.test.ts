import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { API_VERSION, connect } from "./emulator-harness";

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

interface CompositeResponse {
  compositeResponse: Array<{ body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }>;
}

const base = `/services/data/v${API_VERSION}`;

describe("composite", () => {
  it("runs subrequests in order and resolves @{reference.field}", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    const response = await conn.requestPost<CompositeResponse>("/composite", {
      allOrNone: true,
      compositeRequest: [
        { method: "POST", url: `${base}/sobjects/Account`, referenceId: "NewAccount", body: { Name: "Composite Co" } },
        { method: "GET", url: `${base}/sobjects/Account/@{NewAccount.id}?fields=Name`, referenceId: "ReadBack" },
        { method: "POST", url: `${base}/sobjects/Contact`, referenceId: "NewContact", body: { LastName: "@{ReadBack.Name}", AccountId: "@{NewAccount.id}" } },
        { method: "GET", url: `${base}/query?q=SELECT+Id,LastName+FROM+Contact`, referenceId: "Contacts" },
      ],
    });
    const [account, readBack, contact, contacts] = response.compositeResponse;
    expect(account.httpStatusCode).toBe(201);
    expect(account.httpHeaders.Location).toBe(`${base}/sobjects/Account/${(account.body as { id: string }).id}`);
    expect(readBack.body).toMatchObject({ Name: "Composite Co" });
    expect(contact.httpStatusCode).toBe(201);
    expect(contacts.body).toMatchObject({ totalSize: 1, records: [{ LastName: "Composite Co" }] });
    // One composite call is one API call.
    expect(org.apiUsage().used).toBe(1);
    expect(org.stats().byEndpoint["POST /composite"]).toEqual({ calls: 1, records: 4 });
  });

  it("rolls back everything with allOrNone and marks the others PROCESSING_HALTED", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    const response = await conn.requestPost<CompositeResponse>("/composite", {
      allOrNone: true,
      compositeRequest: [
        { method: "POST", url: `${base}/sobjects/Shopify_Refund__c`, referenceId: "NewPayment1", body: { Amount__c: 10 } },
        {
          method: "POST",
          url: `${base}/sobjects/Shopify_Refund__c`,
          referenceId: "NewPayment2",
          body: { Amount__c: 5, Order__r: { Shopify_Order_Id__c: "0116" } },
        },
        { method: "POST", url: `${base}/sobjects/Shopify_Refund__c`, referenceId: "NewPayment3", body: { Amount__c: 1 } },
      ],
    });
    const halted = [{ errorCode: "PROCESSING_HALTED", message: "The transaction was rolled back since another operation in the same transaction failed." }];
    expect(response.compositeResponse).toEqual([
      { body: halted, httpHeaders: {}, httpStatusCode: 400, referenceId: "NewPayment1" },
      {
        body: [{ message: "Foreign key external ID: 0116 not found for field Shopify_Order_Id__c in entity Order", errorCode: "INVALID_FIELD", fields: [] }],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: "NewPayment2",
      },
      { body: halted, httpHeaders: {}, httpStatusCode: 400, referenceId: "NewPayment3" },
    ]);
    expect(org.records("Shopify_Refund__c")).toHaveLength(0);
  });

  it("keeps earlier work without allOrNone and reports a broken reference", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    const response = await conn.requestPost<CompositeResponse>("/composite", {
      allOrNone: false,
      compositeRequest: [
        { method: "POST", url: `${base}/sobjects/Contact`, referenceId: "Bad", body: { FirstName: "no last name" } },
        { method: "POST", url: `${base}/sobjects/Account`, referenceId: "Good", body: { Name: "Kept" } },
        { method: "PATCH", url: `${base}/sobjects/Account/@{Bad.id}`, referenceId: "Dependent", body: { Name: "x" } },
      ],
    });
    expect(response.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 201, 400]);
    expect((response.compositeResponse[2].body as Array<{ errorCode: string }>)[0].errorCode).toBe("PROCESSING_HALTED");
    expect(org.records("Account").map((r) => r.Name)).toEqual(["Kept"]);
  });
});
