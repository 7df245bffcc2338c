import { randomBytes } from "node:crypto";
import { formatDateTime } from "../data/coerce";
import { RecordTable, type Row } from "../data/record-table";
import type { IdFactory } from "../ids";
import { buildDefaultMetadata, type MetadataOptions } from "../metadata/default-metadata";
import { customObject, type CustomObjectSpec } from "../metadata/custom-object";
import { childRelationship, field, type FieldSpec } from "../metadata/field-builder";
import { activeCurrencies, CURRENCYLESS_OBJECTS, currencyIsoCodeField, currencyType, type CurrencySetup } from "../metadata/multi-currency";
import { personAccountFields, recordTypeInfo } from "../metadata/person-accounts";
import type { ObjectSchema } from "../schema/object-schema";
import { OrgSchema } from "../schema/org-schema";
import type { QuerySource } from "../soql/execute";
import { ApiUsage } from "./api-usage";
import { FaultInjector } from "./faults";
import { RequestStats } from "./request-stats";
import {
  compileValidationRule,
  duplicateMatcher,
  type CompiledValidationRule,
  type DuplicateRuleSpec,
  type ValidationRuleSpec,
} from "./rules";

export interface OrgUser {
  id: string;
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface Session {
  accessToken: string;
  userId: string;
  clientId: string | undefined;
  issuedAt: number;
  refreshToken: string | undefined;
  /** Granted OAuth scopes; without `api` (or `full`) the REST API refuses the session. */
  scope: string;
}

export interface OrgOptions extends MetadataOptions {
  name?: string;
  username?: string;
  password?: string;
  /** DailyApiRequests Max (default 15000, a small production org). */
  dailyApiLimit?: number;
  /** Access tokens stop working this long after issue (default 2 hours, Salesforce's default). */
  sessionTimeoutMs?: number;
  personAccounts?: boolean;
  /** A multi-currency org (CurrencyType, CurrencyIsoCode on every money object). */
  multiCurrency?: CurrencySetup;
}

export interface OrgDeps {
  ids: IdFactory;
  clock: () => number;
}

interface CompiledDuplicateRule {
  spec: DuplicateRuleSpec;
  matches: (a: Row, b: Row) => boolean;
}

/** One Salesforce org: metadata, users and sessions, records, limits, faults, statistics. */
export class Org implements QuerySource {
  readonly id: string;
  readonly name: string;
  schema: OrgSchema;
  readonly users: OrgUser[] = [];
  readonly sessions = new Map<string, Session>();
  readonly apiUsage: ApiUsage;
  readonly faults = new FaultInjector();
  readonly requestStats = new RequestStats();
  readonly cursors = new Map<string, { rows: Row[]; render: (row: Row) => object; batchSize: number; totalSize: number; touched: number }>();
  validationRules: CompiledValidationRule[] = [];
  duplicateRules: CompiledDuplicateRule[] = [];
  sessionTimeoutMs: number;
  /** The instance URL token refreshes name, when it differs from the emulator's (an org moved to another instance). */
  refreshInstanceUrl: string | undefined;
  personAccounts: { personRecordTypeId: string; businessRecordTypeId: string } | undefined;
  standardPricebookId = "";
  /** Set once multi-currency is enabled (it cannot be turned off in Salesforce either). */
  currencies: CurrencySetup | undefined;
  private tables = new Map<string, RecordTable>();
  private autoNumbers = new Map<string, number>();

  constructor(
    readonly deps: OrgDeps,
    options: OrgOptions,
    adminUsername: string,
  ) {
    this.id = deps.ids.next("00D");
    this.name = options.name ?? "Emulated Org";
    this.schema = new OrgSchema(buildDefaultMetadata(options));
    this.apiUsage = new ApiUsage(options.dailyApiLimit ?? 15_000, deps.clock);
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 2 * 60 * 60 * 1000;
    this.addUser({ username: adminUsername, password: options.password ?? "password", firstName: "Admin", lastName: "User" });
    this.seed();
    if (options.personAccounts) this.enablePersonAccounts();
    if (options.multiCurrency) this.enableMultiCurrency(options.multiCurrency);
  }

  get admin(): OrgUser {
    return this.users[0];
  }

  now(): number {
    return this.deps.clock();
  }

  nowStamp(): string {
    return formatDateTime(this.deps.clock());
  }

  table(schema: ObjectSchema): RecordTable {
    let table = this.tables.get(schema.name);
    if (!table) {
      table = new RecordTable(schema);
      this.tables.set(schema.name, table);
    } else if (table.schema !== schema) {
      table.reindex(schema);
    }
    return table;
  }

  tableByName(objectName: string): RecordTable {
    return this.table(this.schema.require(objectName));
  }

  findById(id: string): Row | undefined {
    const schema = this.schema.byKeyPrefix(id.slice(0, 3));
    const row = schema && this.table(schema).get(id);
    return row && !row.IsDeleted ? row : undefined;
  }

  nextAutoNumber(objectName: string, start = 100): number {
    const n = (this.autoNumbers.get(objectName) ?? start - 1) + 1;
    this.autoNumbers.set(objectName, n);
    return n;
  }

  addUser(spec: { username: string; password: string; firstName?: string; lastName?: string; email?: string }): OrgUser {
    const user: OrgUser = {
      id: this.deps.ids.next("005"),
      username: spec.username,
      password: spec.password,
      firstName: spec.firstName ?? "Integration",
      lastName: spec.lastName ?? "User",
      email: spec.email ?? spec.username,
    };
    this.users.push(user);
    this.insertSystemRow("User", {
      Id: user.id,
      Username: user.username,
      FirstName: user.firstName,
      LastName: user.lastName,
      Name: `${user.firstName} ${user.lastName}`,
      Email: user.email,
      Alias: user.username.slice(0, 8),
      IsActive: true,
      TimeZoneSidKey: "America/Los_Angeles",
    });
    return user;
  }

  issueSession(userId: string, clientId: string | undefined, refreshToken?: string, scope = "api refresh_token"): Session {
    // Real access tokens start with the 15-char org id, which is how the emulator routes them.
    const accessToken = `${this.id.slice(0, 15)}!AQ${randomBytes(36).toString("base64url")}`;
    const session: Session = { accessToken, userId, clientId, issuedAt: this.now(), refreshToken, scope };
    this.sessions.set(accessToken, session);
    return session;
  }

  /** The session behind a token, unless it was revoked or timed out. */
  session(accessToken: string): Session | undefined {
    const s = this.sessions.get(accessToken);
    if (!s) return undefined;
    if (this.now() - s.issuedAt > this.sessionTimeoutMs) {
      this.sessions.delete(accessToken);
      return undefined;
    }
    return s;
  }

  /** Every current access token stops working (401 INVALID_SESSION_ID) until the client refreshes. */
  expireSessions(): void {
    this.sessions.clear();
  }

  enablePersonAccounts(): { personRecordTypeId: string; businessRecordTypeId: string } {
    if (this.personAccounts) return this.personAccounts;
    const businessRecordTypeId = this.insertSystemRow("RecordType", {
      Name: "Business Account",
      DeveloperName: "Business_Account",
      SobjectType: "Account",
      IsActive: true,
      IsPersonType: false,
    });
    const personRecordTypeId = this.insertSystemRow("RecordType", {
      Name: "Person Account",
      DeveloperName: "PersonAccount",
      SobjectType: "Account",
      IsActive: true,
      IsPersonType: true,
    });
    const account = this.schema.require("Account").describe;
    account.fields = [...account.fields, ...personAccountFields()];
    account.recordTypeInfos = [
      recordTypeInfo(businessRecordTypeId, "Business Account", "Business_Account", true),
      recordTypeInfo(personRecordTypeId, "Person Account", "PersonAccount", false),
      ...account.recordTypeInfos.map((r) => ({ ...r, defaultRecordTypeMapping: false })),
    ];
    this.schema.put(account);
    this.schema.addField(
      "Contact",
      field({ name: "IsPersonAccount", type: "boolean", label: "Is Person Account", nillable: false, defaultedOnCreate: true, createable: false, updateable: false }),
    );
    this.personAccounts = { personRecordTypeId, businessRecordTypeId };
    return this.personAccounts;
  }

  /**
   * Setup → Company Settings → Manage Currencies: CurrencyType rows, and CurrencyIsoCode (a restricted
   * picklist of the active currencies) on every object that holds money or may (custom objects).
   */
  enableMultiCurrency(setup: CurrencySetup): void {
    if (!this.currencies) {
      this.schema.put(currencyType());
      for (const schema of this.schema.all()) {
        if (CURRENCYLESS_OBJECTS.has(schema.name) || schema.field("CurrencyIsoCode")) continue;
        this.schema.addField(schema.name, currencyIsoCodeField(schema.name, schema.describe.label, setup));
      }
    } else {
      // Activating or deactivating currencies changes the picklist on every object.
      for (const schema of this.schema.all()) {
        if (schema.field("CurrencyIsoCode")) this.schema.addField(schema.name, currencyIsoCodeField(schema.name, schema.describe.label, setup));
      }
      for (const row of [...this.tableByName("CurrencyType").live()]) this.tableByName("CurrencyType").markDeleted(row, undefined, this.nowStamp());
    }
    this.currencies = setup;
    this.seedCurrencies();
  }

  private seedCurrencies(): void {
    const setup = this.currencies;
    if (!setup) return;
    const active = activeCurrencies(setup);
    for (const code of [...active, ...(setup.inactive ?? []).filter((c) => !active.includes(c))]) {
      this.insertSystemRow("CurrencyType", {
        IsoCode: code,
        IsActive: active.includes(code),
        IsCorporate: code === setup.corporate,
        ConversionRate: 1,
        DecimalPlaces: code === "JPY" ? 0 : 2,
      });
    }
  }

  addField(objectName: string, spec: FieldSpec): void {
    this.schema.addField(objectName, field(spec));
  }

  /** Setup → New Custom Object: the object, its fields, and child relationships on its parents. */
  addCustomObject(spec: CustomObjectSpec): ObjectSchema {
    if (this.schema.get(spec.name)) throw new Error(`An object named ${spec.name} already exists`);
    let keyPrefix = spec.keyPrefix;
    if (keyPrefix !== undefined && (keyPrefix.length !== 3 || this.schema.byKeyPrefix(keyPrefix))) {
      throw new Error(`Key prefix ${keyPrefix} is not three characters or is taken`);
    }
    for (let n = 1; keyPrefix === undefined; n++) {
      const candidate = `a${n.toString(36).toUpperCase().padStart(2, "0")}`;
      if (!this.schema.byKeyPrefix(candidate)) keyPrefix = candidate;
    }
    const doc = customObject(spec, keyPrefix);
    for (const f of doc.fields) {
      if (f.type !== "reference" || f.referenceTo.length !== 1 || f.name === "OwnerId" || f.name.endsWith("ById")) continue;
      const parent = this.schema.get(f.referenceTo[0]);
      if (!parent) throw new Error(`${f.name} refers to unknown object ${f.referenceTo[0]}`);
      const parentDoc = parent.describe;
      parentDoc.childRelationships = [
        ...parentDoc.childRelationships,
        childRelationship(doc.name, f.name, f.relationshipName ? f.relationshipName.replace(/__r$/, "s__r") : null, Boolean(f.cascadeDelete)),
      ];
      this.schema.put(parentDoc);
    }
    return this.schema.put(doc);
  }

  removeField(objectName: string, fieldName: string): void {
    this.schema.removeField(objectName, fieldName);
  }

  addValidationRule(spec: ValidationRuleSpec): void {
    const schema = this.schema.require(spec.object);
    this.validationRules.push(compileValidationRule(spec, schema, this));
  }

  addDuplicateRule(spec: DuplicateRuleSpec): void {
    const schema = this.schema.require(spec.object);
    this.duplicateRules.push({ spec, matches: duplicateMatcher(spec, schema) });
  }

  clearRules(): void {
    this.validationRules = [];
    this.duplicateRules = [];
  }

  /** Drops all records (re-seeding the standard price book), rules, faults, statistics and usage. */
  resetData(): void {
    this.tables.clear();
    this.autoNumbers.clear();
    this.cursors.clear();
    this.clearRules();
    this.faults.clear();
    this.requestStats.reset();
    this.apiUsage.reset();
    for (const user of this.users) {
      this.insertSystemRow("User", {
        Id: user.id,
        Username: user.username,
        FirstName: user.firstName,
        LastName: user.lastName,
        Name: `${user.firstName} ${user.lastName}`,
        Email: user.email,
        Alias: user.username.slice(0, 8),
        IsActive: true,
        TimeZoneSidKey: "America/Los_Angeles",
      });
    }
    const person = this.personAccounts;
    this.seed();
    this.seedCurrencies();
    if (person) {
      for (const [id, name, dev, isPerson] of [
        [person.businessRecordTypeId, "Business Account", "Business_Account", false],
        [person.personRecordTypeId, "Person Account", "PersonAccount", true],
      ] as const) {
        this.insertSystemRow("RecordType", { Id: id, Name: name, DeveloperName: dev, SobjectType: "Account", IsActive: true, IsPersonType: isPerson });
      }
    }
  }

  /** Rows Salesforce itself owns (users, record types, the standard price book). */
  insertSystemRow(objectName: string, values: Row): string {
    const schema = this.schema.require(objectName);
    const stamp = this.nowStamp();
    const id = (values.Id as string | undefined) ?? this.deps.ids.next(schema.keyPrefix);
    const creator = this.users[0]?.id ?? id;
    this.table(schema).insert({
      ...values,
      Id: id,
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: creator,
      LastModifiedDate: stamp,
      LastModifiedById: creator,
      SystemModstamp: stamp,
    });
    return id;
  }

  private seed(): void {
    this.standardPricebookId = this.insertSystemRow("Pricebook2", {
      Name: "Standard Price Book",
      IsActive: true,
      IsArchived: false,
      IsStandard: true,
      Description: null,
    });
  }
}
