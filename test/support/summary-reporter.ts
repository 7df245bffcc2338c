import type { Reporter } from "vitest/reporters";

type Task = { type: string; result?: { state?: string }; tasks?: Task[]; mode?: string };

/** Prints one plain closing line, `N passed, N failed`, that any CI log reader understands. */
export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = []) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const visit = (task: Task) => {
      if (task.type === "test") {
        if (task.result?.state === "pass") passed += 1;
        else if (task.result?.state === "fail") failed += 1;
        else skipped += 1;
      }
      task.tasks?.forEach(visit);
    };
    files.forEach((file) => {
      if (file.result?.state === "fail" && !file.tasks?.length) failed += 1; // a file that failed to load
      visit(file);
    });
    console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  }
}
