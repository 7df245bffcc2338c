import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ControlTarget } from "./control/control-routes";
import { createApiDispatcher } from "./http/api-dispatch";
import { createRequestListener } from "./http/server";
import { OAuthEndpoints } from "./oauth/oauth-routes";
import { OrgHandle } from "./org-handle";
import type { Org, OrgOptions } from "./org/org";
import { OrgRegistry, type ClientApp } from "./registry";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Connected apps. Omitted: any client id and secret are accepted. */
  clients?: ClientApp[];
  /** Time source for API usage windows, session expiry and record timestamps. */
  clock?: () => number;
  /** Options of the default org (user admin@example.com / password). */
  defaultOrg?: OrgOptions;
  /** /services/oauth2/authorize approves at once as this user (no login form). */
  autoApproveUsername?: string;
}

export interface SalesforceEmulator {
  /** Base URL, also the login URL and every org's instance URL. */
  readonly url: string;
  readonly loginUrl: string;
  readonly defaultOrg: OrgHandle;
  createOrg(options?: OrgOptions): OrgHandle;
  /** By org id (15 or 18 chars), a user's username, or "default". */
  org(idOrUsername: string): OrgHandle | undefined;
  orgs(): OrgHandle[];
  deleteOrg(handle: OrgHandle): void;
  setAutoApprove(username: string | undefined): void;
  close(): Promise<void>;
}

class Emulator implements SalesforceEmulator, ControlTarget {
  readonly registry: OrgRegistry;
  private readonly handles = new Map<Org, OrgHandle>();
  private server: Server | undefined;
  private base = "http://127.0.0.1";
  readonly defaultOrg: OrgHandle;

  constructor(options: EmulatorOptions) {
    this.registry = new OrgRegistry(options.clock ?? Date.now, options.clients);
    this.registry.autoApproveUsername = options.autoApproveUsername;
    this.defaultOrg = this.createOrg({ username: "admin@example.com", password: "password", ...options.defaultOrg });
  }

  get url(): string {
    return this.base;
  }

  get loginUrl(): string {
    return this.base;
  }

  async listen(port: number, host: string): Promise<void> {
    const oauth = new OAuthEndpoints(this.registry, () => this.base);
    const server = createServer(
      { keepAlive: true },
      createRequestListener({ registry: this.registry, oauth, control: this, dispatch: createApiDispatcher(), baseUrl: () => this.base }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.base = `http://${host}:${address.port}`;
    this.server = server;
  }

  private handle(org: Org): OrgHandle {
    let handle = this.handles.get(org);
    if (!handle) {
      handle = new OrgHandle(org, () => this.base, (u) => this.registry.findUser(u) !== undefined);
      this.handles.set(org, handle);
    }
    return handle;
  }

  createOrg(options: OrgOptions = {}): OrgHandle {
    return this.handle(this.registry.createOrg(options));
  }

  org(idOrUsername: string): OrgHandle | undefined {
    if (idOrUsername === "default") return this.defaultOrg;
    const org = this.registry.org(idOrUsername) ?? this.registry.findUser(idOrUsername)?.org;
    return org ? this.handle(org) : undefined;
  }

  orgs(): OrgHandle[] {
    return [...this.registry.orgs.values()].map((o) => this.handle(o));
  }

  deleteOrg(handle: OrgHandle): void {
    this.registry.deleteOrg(handle.org);
    this.handles.delete(handle.org);
  }

  setAutoApprove(username: string | undefined): void {
    this.registry.autoApproveUsername = username;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** Starts an emulator on 127.0.0.1 (a free port unless `port` is given) with its default org. */
export async function startSalesforceEmulator(options: EmulatorOptions = {}): Promise<SalesforceEmulator> {
  const emulator = new Emulator(options);
  await emulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return emulator;
}
