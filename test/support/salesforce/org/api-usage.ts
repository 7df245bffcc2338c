const DAY_MS = 24 * 60 * 60 * 1000;
const BUCKET_MS = 60 * 1000;

/**
 * API requests over a rolling 24 hours, in one-minute buckets: O(1) to count a call and to read
 * the usage, whatever the call volume. The clock is injected so tests can move a day forward.
 */
export class ApiUsage {
  private readonly buckets: Array<{ start: number; count: number }> = [];
  private total = 0;

  constructor(
    public dailyLimit: number,
    private readonly clock: () => number,
  ) {}

  used(): number {
    this.expire(this.clock());
    return this.total;
  }

  remaining(): number {
    return Math.max(0, this.dailyLimit - this.used());
  }

  exhausted(): boolean {
    return this.used() >= this.dailyLimit;
  }

  record(count = 1): void {
    const now = this.clock();
    this.expire(now);
    const start = now - (now % BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.start === start) last.count += count;
    else this.buckets.push({ start, count });
    this.total += count;
  }

  reset(): void {
    this.buckets.length = 0;
    this.total = 0;
  }

  /** `api-usage=N/M`, the value of the Sforce-Limit-Info header. */
  header(): string {
    return `api-usage=${this.used()}/${this.dailyLimit}`;
  }

  private expire(now: number): void {
    while (this.buckets.length > 0 && this.buckets[0].start + BUCKET_MS <= now - DAY_MS) {
      this.total -= this.buckets.shift()!.count;
    }
  }
}
