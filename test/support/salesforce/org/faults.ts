import { createPrng } from "../prng";

/** One fault to apply to the next request, for tests that need an exact sequence. */
export type ScriptedFault =
  | { kind: "none" }
  | { kind: "status"; status: 500 | 503 }
  | { kind: "reset" }
  | { kind: "slow"; ms: number }
  | { kind: "requestLimit" }
  | { kind: "sessionExpired" };

export interface FaultConfig {
  /** Seed of the PRNG behind every rate below; the same seed gives the same faults. Default 1. */
  seed?: number;
  /** Added to every data API response. */
  latencyMs?: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs?: number;
  /** Share of requests answered 500 UNKNOWN_EXCEPTION or 503 SERVER_UNAVAILABLE. */
  serverErrorRate?: number;
  serverErrorStatuses?: Array<500 | 503>;
  /** Share of requests answered 403 REQUEST_LIMIT_EXCEEDED whatever the real usage. */
  requestLimitRate?: number;
  /** Per record of a DML call: UNABLE_TO_LOCK_ROW. */
  lockRowRate?: number;
  /**
   * Per record of a DML call: a trigger or flow on the record could not lock another row, which fails the
   * record with CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY wrapping "first error: UNABLE_TO_LOCK_ROW".
   */
  triggerLockRate?: number;
  /** Share of requests whose socket is destroyed before any response. */
  connectionResetRate?: number;
  /** Share of requests answered only after `slowResponseMs` (to exceed a client's timeout). */
  slowResponseRate?: number;
  slowResponseMs?: number;
  /** Only requests whose path (after /services/data/vXX.X) matches this regular expression. */
  pathPattern?: string;
  /** Applied one per request before any rate; consumed in order. */
  script?: ScriptedFault[];
}

export type FaultAction = ScriptedFault;

export interface FaultDecision {
  delayMs: number;
  action: FaultAction;
}

const NONE: FaultDecision = { delayMs: 0, action: { kind: "none" } };

/** Decides, per request and per record, which configured fault (if any) applies. */
export class FaultInjector {
  private config: FaultConfig = {};
  private random = createPrng(1);
  private script: ScriptedFault[] = [];
  private pattern: RegExp | undefined;

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.random = createPrng(config.seed ?? 1);
    this.script = [...(config.script ?? [])];
    this.pattern = config.pathPattern ? new RegExp(config.pathPattern) : undefined;
  }

  /** Queue faults for the next requests without touching the configured rates. */
  enqueue(faults: ScriptedFault[]): void {
    this.script.push(...faults);
  }

  get current(): FaultConfig {
    return { ...this.config, script: [...this.script] };
  }

  clear(): void {
    this.set({});
  }

  decide(apiPath: string): FaultDecision {
    const c = this.config;
    if (this.pattern && !this.pattern.test(apiPath)) return NONE;
    const scripted = this.script.shift();
    const jitter = c.jitterMs ? this.random() * c.jitterMs : 0;
    const delayMs = (c.latencyMs ?? 0) + jitter;
    if (scripted) return { delayMs, action: scripted };
    if (this.hit(c.connectionResetRate)) return { delayMs, action: { kind: "reset" } };
    if (this.hit(c.slowResponseRate)) return { delayMs, action: { kind: "slow", ms: c.slowResponseMs ?? 30_000 } };
    if (this.hit(c.serverErrorRate)) {
      const statuses: Array<500 | 503> = c.serverErrorStatuses?.length ? c.serverErrorStatuses : [500, 503];
      const status = statuses[Math.floor(this.random() * statuses.length)] ?? 500;
      return { delayMs, action: { kind: "status", status } };
    }
    if (this.hit(c.requestLimitRate)) return { delayMs, action: { kind: "requestLimit" } };
    return delayMs > 0 ? { delayMs, action: { kind: "none" } } : NONE;
  }

  lockRow(): boolean {
    return this.hit(this.config.lockRowRate);
  }

  triggerLock(): boolean {
    return this.hit(this.config.triggerLockRate);
  }

  private hit(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}
