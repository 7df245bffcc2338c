import type { PgBoss } from "pg-boss";

/**
 * Wakes the sync worker loops of one `queue.work` call (`workId`: the id it returned) when events arrive.
 * pg-boss's `notifyWorker(workId)` reaches only the first of the call's `localConcurrency` loops: when that
 * one is busy with a batch, a new event waits for another loop's next poll (up to a poll interval) although
 * idle loops are there. So wake one idle loop (it fetches at once); when none is idle, flag every loop, so
 * each fetches right after its batch instead of sleeping out its poll interval.
 */
export function wakeIdleWorker(queue: PgBoss, queueName: string, workId: string): void {
  const loops = queue.getWipData().filter((wip) => wip.name === queueName && (wip.workId === workId || wip.id === workId));
  // `count` is the size of the batch a loop is processing: 0 while it sleeps (or is fetching).
  const idle = loops.find((wip) => wip.count === 0);
  if (idle) {
    queue.notifyWorker(idle.id);
    return;
  }
  for (const loop of loops) queue.notifyWorker(loop.id);
}
