import type { Job, PgBoss } from "pg-boss";
import { SYNC_QUEUE, type SyncJobData } from "./sync-queue.server";

// The sync worker's own fetch loop (instead of pg-boss's work()), so that each batch can be filled
// fairly across shops (fair-fetch.server.ts). It keeps what work() gave: `lanes` batches at once,
// polling when idle and fetching again at once after a batch, a wake-up, and the heartbeat that tells
// pg-boss a batch's jobs are still worked on (a SIGKILLed worker stops heartbeating and its jobs are
// retried after the queue's heartbeatSeconds).

export interface BatchConsumerOptions {
  queue: PgBoss;
  fetch(): Promise<Job<SyncJobData>[]>;
  /** Settles every job it is given (complete or fail). */
  handle(jobs: Job<SyncJobData>[]): Promise<void>;
  lanes: number;
  pollingIntervalMs: number;
  onError(error: unknown): void;
}

export interface BatchConsumer {
  wake(): void;
  stop(): Promise<void>;
}

export function startBatchConsumer(options: BatchConsumerOptions): BatchConsumer {
  let stopped = false;
  const sleepers = new Set<() => void>();
  const wake = () => {
    for (const resume of sleepers) resume();
    sleepers.clear();
  };
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.pollingIntervalMs);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  async function runBatch(jobs: Job<SyncJobData>[]): Promise<void> {
    const heartbeatSeconds = Math.min(...jobs.map((job) => job.heartbeatSeconds ?? 0).filter((seconds) => seconds > 0));
    const beat = Number.isFinite(heartbeatSeconds)
      ? setInterval(() => {
          options.queue.touch(SYNC_QUEUE, jobs).catch(options.onError);
        }, (heartbeatSeconds * 1000) / 2)
      : null;
    try {
      await options.handle(jobs);
    } finally {
      if (beat) clearInterval(beat);
    }
  }

  async function lane(): Promise<void> {
    while (!stopped) {
      let jobs: Job<SyncJobData>[] = [];
      try {
        jobs = await options.fetch();
      } catch (error) {
        options.onError(error);
      }
      if (jobs.length === 0) {
        if (!stopped) await idle();
        continue;
      }
      try {
        await runBatch(jobs);
      } catch (error) {
        options.onError(error);
      }
    }
  }

  const lanes = Array.from({ length: Math.max(1, options.lanes) }, () => lane());
  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await Promise.all(lanes);
    },
  };
}
