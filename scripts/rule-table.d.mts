// Types for scripts/rule-table.mjs, so TypeScript tests can import it.
export interface RuleInfo {
  id: string;
  name: string;
  title: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  appliesTo: 'dockerfile' | 'compose';
  fix: boolean;
  security: boolean;
}
export const START: string;
export const END: string;
export function parseCatalog(value: unknown, source?: string): RuleInfo[];
export function renderRuleTable(rules: readonly RuleInfo[]): string;
export function replaceRuleTable(readme: string, table: string): string;
export function minimalReadme(table: string): string;
