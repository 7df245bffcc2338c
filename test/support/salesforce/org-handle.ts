import { insertRecord } from "./data/dml";
import { parseJsonRecord } from "./data/parse-record";
import type { Row } from "./data/record-table";
import { SfApiError } from "./errors";
import type { DescribeSObject } from "./metadata/describe-types";
import type { CustomObjectSpec } from "./metadata/custom-object";
import type { FieldSpec } from "./metadata/field-builder";
import type { CurrencySetup } from "./metadata/multi-currency";
import type { FaultConfig, ScriptedFault } from "./org/faults";
import type { Org } from "./org/org";
import type { StatsSnapshot } from "./org/request-stats";
import type { DuplicateRuleSpec, ValidationRuleSpec } from "./org/rules";

export interface OrgSummary {
  orgId: string;
  name: string;
  username: string;
  password: string;
  loginUrl: string;
  instanceUrl: string;
  dailyApiLimit: number;
  personAccounts: boolean;
}

export interface ApiUsageSnapshot {
  used: number;
  max: number;
  remaining: number;
}

/** What tests (and the control endpoints) can do with one org. */
export class OrgHandle {
  constructor(
    readonly org: Org,
    private readonly baseUrl: () => string,
    private readonly usernameTaken: (username: string) => boolean = () => false,
  ) {}

  get orgId(): string {
    return this.org.id;
  }

  get username(): string {
    return this.org.admin.username;
  }

  get password(): string {
    return this.org.admin.password;
  }

  get loginUrl(): string {
    return this.baseUrl();
  }

  get instanceUrl(): string {
    return this.baseUrl();
  }

  summary(): OrgSummary {
    return {
      orgId: this.org.id,
      name: this.org.name,
      username: this.username,
      password: this.password,
      loginUrl: this.loginUrl,
      instanceUrl: this.instanceUrl,
      dailyApiLimit: this.org.apiUsage.dailyLimit,
      personAccounts: this.org.personAccounts !== undefined,
    };
  }

  /** Copies of the stored records of one object (live ones unless `includeDeleted`). */
  records(objectName: string, options: { includeDeleted?: boolean } = {}): Row[] {
    const table = this.org.tableByName(objectName);
    const rows = options.includeDeleted ? [...table.rows.values()] : [...table.live()];
    return rows.map((r) => ({ ...r }));
  }

  /** Seeds records through the full save pipeline (validation included), without API usage or faults. */
  insert(objectName: string, records: Array<Record<string, unknown>>): string[] {
    const schema = this.org.schema.require(objectName);
    return records.map((record) => {
      const parsed = parseJsonRecord(schema, this.org.schema, record, JSON.stringify(record));
      const result = insertRecord({ org: this.org, userId: this.org.admin.id, applyFaults: false }, schema, parsed);
      if (!result.success) throw new SfApiError(400, result.errors);
      return result.id!;
    });
  }

  describe(objectName: string): DescribeSObject {
    return structuredClone(this.org.schema.require(objectName).describe);
  }

  setFaults(config: FaultConfig): void {
    this.org.faults.set(config);
  }

  injectFaults(faults: ScriptedFault[]): void {
    this.org.faults.enqueue(faults);
  }

  clearFaults(): void {
    this.org.faults.clear();
  }

  faults(): FaultConfig {
    return this.org.faults.current;
  }

  setDailyLimit(max: number): void {
    this.org.apiUsage.dailyLimit = max;
  }

  apiUsage(): ApiUsageSnapshot {
    const u = this.org.apiUsage;
    return { used: u.used(), max: u.dailyLimit, remaining: u.remaining() };
  }

  stats(): StatsSnapshot {
    return this.org.requestStats.snapshot();
  }

  resetStats(): void {
    this.org.requestStats.reset();
  }

  expireSessions(): void {
    this.org.expireSessions();
  }

  /** Token refreshes name this instance URL from now on (Salesforce does after an org migration). */
  setRefreshInstanceUrl(url: string | undefined): void {
    this.org.refreshInstanceUrl = url;
  }

  setSessionTimeout(ms: number): void {
    this.org.sessionTimeoutMs = ms;
  }

  enablePersonAccounts(): { personRecordTypeId: string; businessRecordTypeId: string } {
    return this.org.enablePersonAccounts();
  }

  /** Multi-currency on (or its active currencies changed): CurrencyType rows and CurrencyIsoCode fields. */
  enableMultiCurrency(setup: CurrencySetup): void {
    this.org.enableMultiCurrency(setup);
  }

  addValidationRule(spec: ValidationRuleSpec): void {
    this.org.addValidationRule(spec);
  }

  addDuplicateRule(spec: DuplicateRuleSpec): void {
    this.org.addDuplicateRule(spec);
  }

  clearRules(): void {
    this.org.clearRules();
  }

  addField(objectName: string, spec: FieldSpec): void {
    this.org.addField(objectName, spec);
  }

  removeField(objectName: string, fieldName: string): void {
    this.org.removeField(objectName, fieldName);
  }

  /** Creates a custom object (name ending __c) with its own fields; answers its describe. */
  addCustomObject(spec: CustomObjectSpec): DescribeSObject {
    return this.org.addCustomObject(spec).describe;
  }

  addUser(spec: { username: string; password: string; firstName?: string; lastName?: string }): { id: string; username: string } {
    // Usernames are unique across all orgs, as in Salesforce: login finds the org by username.
    if (this.usernameTaken(spec.username)) throw new Error(`Username ${spec.username} is already taken`);
    const user = this.org.addUser(spec);
    return { id: user.id, username: user.username };
  }

  /** Empties the org (records, rules, faults, statistics, API usage); users and sessions stay valid. */
  reset(): void {
    this.org.resetData();
  }
}
