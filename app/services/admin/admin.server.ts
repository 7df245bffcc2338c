import { getAppContext } from "../../context.server";
import prisma from "../../db.server";
import { salesforce } from "../../salesforce.server";
import { createPrivacyAdmin } from "../privacy/privacy-admin.server";
import { connectionLookup } from "../reverse-sync/reverse-preview.server";
import { soqlString } from "../salesforce/soql-literal.server";
import { standardPricebookContext } from "../salesforce/standard-pricebook.server";
import { createActivity } from "./activity.server";
import { createDashboard } from "./dashboard.server";
import { createDuplicateLinker } from "./duplicate-link.server";
import { createIdentitySettings } from "./identity-settings.server";
import { createMappingAdmin } from "./mapping-admin.server";
import { createMoneyCurrencyAdmin } from "./money-currency.server";
import { createRulesAdmin } from "./rules-admin.server";
import { createSyncHealth } from "./sync-health.server";

// The admin pages' composition root (like shopify.server.ts): each service built once per process with
// the app's Prisma client, Salesforce connections and replay service. Routes import `admin` only.

// The same $context the worker resolves (one SOQL per shop per process), so previews match real syncs.
const mappingContext = standardPricebookContext(salesforce);

export const admin = {
  dashboard: createDashboard({ prisma, salesforce }),
  mappings: createMappingAdmin({ prisma, salesforce, mappingContext, salesforceRecord: connectionLookup((shop) => salesforce.connectionFor(shop), soqlString) }),
  rules: createRulesAdmin({ prisma, salesforce, mappingContext }),
  activity: createActivity({
    prisma,
    replay: async () => (await getAppContext()).replay,
    instanceUrl: async (shop) => (await salesforce.status(shop)).instanceUrl,
  }),
  privacy: createPrivacyAdmin(prisma),
  moneyCurrency: createMoneyCurrencyAdmin(prisma),
  health: createSyncHealth({ prisma }),
  identity: createIdentitySettings(prisma),
  duplicates: createDuplicateLinker({ prisma, salesforce, replay: async () => (await getAppContext()).replay }),
};
