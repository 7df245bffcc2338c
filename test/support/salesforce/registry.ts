import { IdFactory } from "./ids";
import { Org, type OrgOptions, type OrgUser } from "./org/org";

export interface ClientApp {
  clientId: string;
  clientSecret?: string;
  /** Allowed redirect URIs; any when omitted. */
  redirectUris?: string[];
  /** Client credentials flow runs as this user (username). */
  runAs?: string;
}

export interface AuthCode {
  org: Org;
  user: OrgUser;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | undefined;
  scope: string;
  expiresAt: number;
}

export interface RefreshGrant {
  org: Org;
  user: OrgUser;
  clientId: string;
  scope: string;
}

/** Every org of one emulator, and the OAuth state that spans them (users, clients, codes). */
export class OrgRegistry {
  readonly ids = new IdFactory();
  readonly orgs = new Map<string, Org>();
  /** By 15-char org id: every data API request resolves its token's org through this. */
  private readonly byShortId = new Map<string, Org>();
  readonly authCodes = new Map<string, AuthCode>();
  readonly refreshGrants = new Map<string, RefreshGrant>();
  /** When set, /authorize approves at once as this user, without a login form. */
  autoApproveUsername: string | undefined;
  private orgCounter = 0;

  constructor(
    readonly clock: () => number,
    /** Undefined accepts any client id and secret (Salesforce: any connected app). */
    readonly clients: ClientApp[] | undefined,
  ) {}

  createOrg(options: OrgOptions = {}): Org {
    this.orgCounter++;
    const username = options.username ?? (this.orgCounter === 1 ? "admin@example.com" : `admin@org${this.orgCounter}.example.com`);
    if (this.findUser(username)) throw new Error(`Username ${username} is already taken (usernames are global)`);
    const org = new Org({ ids: this.ids, clock: this.clock }, options, username);
    this.orgs.set(org.id, org);
    this.byShortId.set(org.id.slice(0, 15), org);
    return org;
  }

  deleteOrg(org: Org): void {
    this.orgs.delete(org.id);
    this.byShortId.delete(org.id.slice(0, 15));
    for (const [token, grant] of this.refreshGrants) if (grant.org === org) this.refreshGrants.delete(token);
  }

  /** Org ids are accepted in 15- or 18-char form, as Salesforce shows both. */
  org(id: string): Org | undefined {
    return id.length === 15 || id.length === 18 ? this.byShortId.get(id.slice(0, 15)) : undefined;
  }

  findUser(username: string): { org: Org; user: OrgUser } | undefined {
    const wanted = username.toLowerCase();
    for (const org of this.orgs.values()) {
      const user = org.users.find((u) => u.username.toLowerCase() === wanted);
      if (user) return { org, user };
    }
    return undefined;
  }

  /** Access tokens begin with the org id ("00D…!…"), which routes the request to its org. */
  orgForAccessToken(token: string): Org | undefined {
    const bang = token.indexOf("!");
    return bang === 15 ? this.org(token.slice(0, 15)) : undefined;
  }

  client(clientId: string): ClientApp | undefined {
    return this.clients?.find((c) => c.clientId === clientId);
  }

  revokeRefreshToken(token: string): boolean {
    const grant = this.refreshGrants.get(token);
    if (!grant) return false;
    this.refreshGrants.delete(token);
    for (const [access, session] of grant.org.sessions) if (session.refreshToken === token) grant.org.sessions.delete(access);
    return true;
  }
}
