import type { TextEdit } from 'vscode-languageserver-types';
import type { BuildContext, Workspace } from '../model/workspace';
import type { ComposeModel, DockerfileModel, Range } from '../model/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a rule reports: where, what is wrong, and whatever its fix needs later. */
export interface Finding<Data = unknown> {
  range: Range;
  message: string;
  /** A severity for this finding only (DF020 is an error where there is no shell); user settings still win. */
  severity?: Severity;
  data?: Data;
}

/**
 * A fix is plain text edits on the document it was found in (`preferred`: safe to apply without looking),
 * plus, for cross-file fixes, edits to other files of the project or files it creates.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  files?: FileChange[];
  preferred?: boolean;
}

/** An edit to another file (absolute path): text edits on its current content, or a new file's content. */
export type FileChange = { path: string; edits: TextEdit[] } | { path: string; create: string };

interface RuleMeta {
  /** Stable id: `DF###` for Dockerfiles, `DC###` for compose files. */
  id: string;
  /** kebab-case name shown beside the id. */
  name: string;
  /** What to do, in a few words (the rule table and SARIF's short description). */
  title: string;
  severity: Severity;
  /** Marks findings as security alerts in SARIF. */
  security?: boolean;
}

export interface DockerfileContext {
  dockerfile: DockerfileModel;
  workspace: Workspace;
  /** The build context (go.mod, .dockerignore, Go sources); undefined for an unsaved file. */
  context?: BuildContext;
}

export interface ComposeContext {
  compose: ComposeModel;
  workspace: Workspace;
}

export interface DockerfileRule<Data = any> extends RuleMeta {
  appliesTo: 'dockerfile';
  check(ctx: DockerfileContext & { report(finding: Finding<Data>): void }): void;
  fix?(finding: Finding<Data>, ctx: DockerfileContext): Fix | undefined;
}

export interface ComposeRule<Data = any> extends RuleMeta {
  appliesTo: 'compose';
  check(ctx: ComposeContext & { report(finding: Finding<Data>): void }): void;
  fix?(finding: Finding<Data>, ctx: ComposeContext): Fix | undefined;
}

export type Rule = DockerfileRule | ComposeRule;

/** Identity: gives a rule file its types (as ESLint's RuleModule). */
export function defineRule<Data>(rule: DockerfileRule<Data>): DockerfileRule<Data>;
export function defineRule<Data>(rule: ComposeRule<Data>): ComposeRule<Data>;
export function defineRule(rule: Rule): Rule {
  return rule;
}
