/**
 * Compensating actions for one all-or-none unit (a collection call or composite request with
 * allOrNone). Mutations register their inverse; rollback replays them newest first.
 */
export class UndoLog {
  private readonly entries: Array<() => void> = [];

  push(undo: () => void): void {
    this.entries.push(undo);
  }

  /** A savepoint: the position to roll back to. */
  mark(): number {
    return this.entries.length;
  }

  rollback(toMark = 0): void {
    while (this.entries.length > toMark) this.entries.pop()!();
  }
}
