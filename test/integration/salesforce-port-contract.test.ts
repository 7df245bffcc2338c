import jsforce, { type Connection } from "jsforce";
import { afterAll, beforeAll } from "vitest";
import { createSalesforcePort } from "../../app/services/salesforce/sync-session.server";
import { salesforcePortContract } from "../unit/sync/support/contracts/salesforce-port-contract";
import { startSalesforceEmulator, type SalesforceEmulator } from "../support/salesforce";

// The same contract the engine's fake honours, run against the jsforce adapter over HTTP to the emulator.
let emulator: SalesforceEmulator;
beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});
afterAll(async () => {
  await emulator.close();
});

salesforcePortContract("jsforce adapter against the Salesforce emulator", async () => {
  const org = emulator.createOrg();
  const connection: Connection = new jsforce.Connection({
    oauth2: { loginUrl: emulator.loginUrl, clientId: "contract-client", clientSecret: "contract-secret" },
    version: "62.0",
  });
  await connection.login(org.username, org.password);
  return {
    salesforce: createSalesforcePort({ connectionFor: async () => connection }),
    shop: "contract.myshopify.com",
    standardPricebookId: org.org.standardPricebookId,
    read: async (object, field, value) => org.records(object).find((row) => row[field] === value),
  };
});
