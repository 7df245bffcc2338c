export interface EndpointStats {
  calls: number;
  records: number;
}

export interface CallRecord {
  method: string;
  /** Route template with the sObject type filled in, e.g. `PATCH /composite/sobjects/Account/{extIdField}`. */
  endpoint: string;
  status: number;
  records: number;
  at: number;
}

export interface StatsSnapshot {
  /** Calls that counted against the org's daily API allocation. */
  apiCalls: number;
  /** Records written or returned, summed over all calls. */
  records: number;
  byEndpoint: Record<string, EndpointStats>;
  /** The most recent calls, oldest first (bounded). */
  calls: CallRecord[];
}

const MAX_LOG = 10_000;

/** What the app spent: the numbers behind "API calls per synced record". */
export class RequestStats {
  private apiCalls = 0;
  private records = 0;
  private byEndpoint = new Map<string, EndpointStats>();
  private log: CallRecord[] = [];

  recordCall(call: CallRecord, countsAgainstLimit: boolean): void {
    if (countsAgainstLimit) this.apiCalls++;
    this.records += call.records;
    const entry = this.byEndpoint.get(call.endpoint) ?? { calls: 0, records: 0 };
    entry.calls++;
    entry.records += call.records;
    this.byEndpoint.set(call.endpoint, entry);
    this.log.push(call);
    if (this.log.length > MAX_LOG * 1.5) this.log = this.log.slice(-MAX_LOG);
  }

  snapshot(): StatsSnapshot {
    return {
      apiCalls: this.apiCalls,
      records: this.records,
      byEndpoint: Object.fromEntries([...this.byEndpoint].map(([k, v]) => [k, { ...v }])),
      calls: this.log.slice(-MAX_LOG),
    };
  }

  reset(): void {
    this.apiCalls = 0;
    this.records = 0;
    this.byEndpoint.clear();
    this.log = [];
  }
}
