// Problems in a document are reported with the path a person can find in it: `targets[1].fields[3].source`.
export interface DocumentIssue {
  path: string;
  message: string;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(document)" : out;
}

export function describeIssues(issues: readonly DocumentIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}
