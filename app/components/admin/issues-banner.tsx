import { Banner, List } from "@shopify/polaris";
import type { DocumentIssue } from "../../sync/issue-path";

/** Every problem of a rejected save, with its path, so nothing is hidden when a row is not on screen. */
export function IssuesBanner({ issues, title }: { issues: readonly DocumentIssue[]; title: string }) {
  if (issues.length === 0) return null;
  return (
    <Banner tone="critical" title={title}>
      <List>
        {issues.map((issue) => (
          <List.Item key={`${issue.path}:${issue.message}`}>
            <code>{issue.path}</code>: {issue.message}
          </List.Item>
        ))}
      </List>
    </Banner>
  );
}
