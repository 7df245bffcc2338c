import { startSalesforceEmulator } from "./index";

// `npm run sf:emulator`: a standalone emulator for local development (SF_EMULATOR_PORT, default 8787).
// Any client id/secret is accepted; log in as admin@example.com / password.

const port = Number(process.env.SF_EMULATOR_PORT ?? 8787);
const emulator = await startSalesforceEmulator({ port });
const org = emulator.defaultOrg;

console.log(`Salesforce emulator listening on ${emulator.url}`);
console.log(`  login URL:    ${emulator.loginUrl}`);
console.log(`  username:     ${org.username}`);
console.log(`  password:     ${org.password}`);
console.log(`  org id:       ${org.orgId}`);
console.log(`  control API:  ${emulator.url}/__emulator/orgs`);

const shutdown = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
