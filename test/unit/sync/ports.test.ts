import { salesforcePortContract } from "./support/contracts/salesforce-port-contract";
import { syncStoreContract } from "./support/contracts/sync-store-contract";
import { FakeSalesforce } from "./support/fake-salesforce";
import { FakeStore } from "./support/fake-store";
import { STANDARD_ORG_DESCRIBES } from "./support/org-describes";

// The fakes the engine's tests use must honour the same contracts as the real adapters.

syncStoreContract("in-memory fake", async () => {
  const store = new FakeStore();
  return {
    store,
    addEvent: async (event) => store.addEvent(event),
    installShop: async (config) => store.setConfig(config),
    uninstallShop: async (shop) => void store.configs.delete(shop),
  };
});

salesforcePortContract("in-memory fake", async () => {
  const salesforce = new FakeSalesforce(STANDARD_ORG_DESCRIBES);
  return {
    salesforce,
    shop: "contract.myshopify.com",
    standardPricebookId: "01s000000000001AAA",
    read: async (object, field, value) => salesforce.find(object, field, value),
  };
});
