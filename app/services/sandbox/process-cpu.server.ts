import { readFileSync } from "node:fs";

// Linux reports a process's CPU time in /proc/<pid>/stat in USER_HZ ticks, which the kernel fixes at 100
// per second for user space on every architecture (proc(5): "utime … measured in clock ticks (divide by
// sysconf(_SC_CLK_TCK))", and _SC_CLK_TCK is USER_HZ = 100).
const TICK_MS = 10;

/**
 * CPU time (user + system) a process has used so far, in ms, or null where /proc is not available
 * (macOS) or the process is gone. Node can read its own CPU time but not a child's, hence /proc.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: count fields after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : null;
  } catch {
    return null;
  }
}
