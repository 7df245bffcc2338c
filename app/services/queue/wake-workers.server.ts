import pg from "pg";

/** The PostgreSQL channel web processes use to wake idle sync workers. */
export const WAKE_CHANNEL = "sfsync_wake";

/**
 * Wakes sync workers right after an event is stored, so they fetch at once instead of at their next
 * poll. Why not pg-boss's own per-queue NOTIFY: that one runs inside every intake transaction, and a
 * NOTIFY takes a database-wide lock at commit, which halved intake throughput when measured. This one
 * is a separate one-statement NOTIFY after the commit, at most one per `debounceMs` per process.
 */
export function createWakeSender(pool: pg.Pool, options: { debounceMs?: number; onError?: (error: unknown) => void } = {}) {
  const debounceMs = options.debounceMs ?? 20;
  let timer: NodeJS.Timeout | null = null;
  return {
    wake(): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        pool.query(`SELECT pg_notify($1, '')`, [WAKE_CHANNEL]).catch((error: unknown) => options.onError?.(error));
      }, debounceMs);
      timer.unref();
    },
  };
}

export interface WakeListener {
  stop(): Promise<void>;
}

/**
 * Listens for wake-ups on a dedicated connection (LISTEN needs a session, so not a pooled one) and
 * reconnects after a failure. Polling stays the safety net: a lost wake-up only costs one poll interval.
 */
export function listenForWake(connectionString: string, onWake: () => void, onError?: (error: unknown) => void): WakeListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString });
    next.on("notification", () => onWake());
    next.on("error", (error) => {
      onError?.(error);
      next.end().catch(() => undefined);
      if (client === next) client = null;
      if (!stopped) retry = setTimeout(connect, 1000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${WAKE_CHANNEL}`);
      client = next;
      if (stopped) await next.end();
    } catch (error) {
      onError?.(error);
      await next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(connect, 1000);
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
