import * as nodePath from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { AIR_BUILD_KEYS, AIR_TOP_LEVEL, type AirConfig, type UnknownAirKey } from '../model/air';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseModel, type DocumentKind, type DocumentModel } from '../model';
import type { ComposeModel, Model, Range } from '../model/types';
import type { Workspace } from '../model/workspace';
import { rules } from '../rules';
import { closest, editDistance } from '../rules/similar';
import { DEFAULT_MAX_FILE_SIZE, type Config } from './config';
import { dockerChecks } from './dockerChecks';
import type { ComposeContext, DockerfileContext, Finding, Fix, Rule, Severity } from './rule';
import { readSuppressions, unusedIgnores, type Suppressions } from './suppressions';

/** One problem in a document: a rule's finding, a YAML syntax error, or a dockerfile-utils diagnostic. */
export interface Report {
  /** The rule id, `yaml-syntax`, `toml-syntax`, `air-unknown-key`, or the dockerfile-utils code. */
  id: string;
  source: 'godock' | 'dockerfile-utils';
  severity: Severity;
  range: Range;
  message: string;
  rule?: Rule;
  finding?: Finding;
  /** The rule's fix for this finding, computed on first use. */
  fix(): Fix | undefined;
}

export interface LintOptions {
  workspace: Workspace;
  config: Config;
}

export interface Analysis {
  model: DocumentModel;
  reports: Report[];
  suppressions: Suppressions;
  /** What the rules saw: the model with its workspace (and build context), for refactorings; none for an air config. */
  ctx: DockerfileContext | ComposeContext | undefined;
}

const UTILS_SEVERITY: Record<number, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/**
 * Parses and lints a document, unless it is no job for a linter: a file above the size limit, or one that is
 * not text. Such a file gets one info report saying so, and the way out, instead of minutes of analysis.
 */
export function analyzeDocument(
  kind: DocumentKind,
  document: TextDocument,
  path: string | undefined,
  options: LintOptions,
  parse: (kind: DocumentKind, document: TextDocument, path?: string) => DocumentModel = parseModel,
): Analysis {
  const reason = skipReason(document.getText(), options.config);
  if (!reason) return lint(parse(kind, document, path), options);
  // Refactorings see an empty file; code actions and the CLI still see the document itself.
  const empty = parseModel(kind, TextDocument.create(document.uri, document.languageId, document.version, ''), path);
  const model = { ...empty, document } as DocumentModel;
  const report: Report = { id: 'file-skipped', source: 'godock', severity: 'info', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: reason, fix: () => undefined };
  const ctx = empty.kind === 'dockerfile' ? { dockerfile: empty, workspace: options.workspace } : empty.kind === 'compose' ? { compose: empty, workspace: options.workspace } : undefined;
  return { model, reports: [report], suppressions: readSuppressions(empty as Model), ctx };
}

function skipReason(text: string, config: Config): string | undefined {
  const limit = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > limit) {
    return `Godock skipped this file: ${text.length.toLocaleString('en-US')} characters is above the limit of ${limit.toLocaleString('en-US')} (raise "godock.maxFileSize" or "maxFileSize" in .godock.json to analyse it)`;
  }
  // NUL never occurs in a Dockerfile or YAML; it does in binaries and UTF-16 files.
  if (text.includes('\0')) return 'Godock skipped this file: it holds NUL bytes, so it is not a UTF-8 text file (a binary, or UTF-16 text)';
  return undefined;
}

/** Runs every enabled rule for the model's kind once and collects the reports, after ignores and severities. */
export function lint(model: DocumentModel, { workspace, config }: LintOptions): Analysis {
  if (model.kind === 'air') return lintAir(model);
  const suppressions = readSuppressions(model);
  const reports: Report[] = [];
  const none = () => undefined;

  if (model.kind === 'dockerfile') {
    for (const d of dockerChecks(model.document)) {
      reports.push({ id: String(d.code ?? 'dockerfile'), source: 'dockerfile-utils', severity: UTILS_SEVERITY[d.severity ?? 1], range: d.range, message: typeof d.message === 'string' ? d.message : d.message.value, fix: none });
    }
  } else {
    for (const error of model.syntaxErrors) reports.push({ id: 'yaml-syntax', source: 'godock', severity: 'error', range: error.range, message: error.message, fix: none });
  }

  const ctx: DockerfileContext | ComposeContext =
    model.kind === 'dockerfile' ? { dockerfile: model, workspace, context: workspace.contextFor(model) } : { compose: model, workspace };
  // Where YAML does not parse, the model holds what error recovery made of it: each fix on its own, not all at once.
  const broken = model.kind === 'compose' && model.syntaxErrors.length > 0;
  const unpreferredIfBroken = (fix: Fix | undefined) => (broken && fix?.preferred ? { ...fix, preferred: false } : fix);
  const ran = new Set<string>();
  for (const rule of rules) {
    if (rule.appliesTo !== model.kind) continue;
    const userSetting = config.rules[rule.id];
    if (userSetting === 'off') continue;
    ran.add(rule.id);
    const report = (finding: Finding) => {
      if (suppressions.isSuppressed(rule.id, finding.range.start.line)) return;
      let fix: Fix | undefined | null = null;
      reports.push({
        id: rule.id,
        source: 'godock',
        severity: userSetting ?? finding.severity ?? rule.severity,
        range: finding.range,
        message: finding.message,
        rule,
        finding,
        fix: () => (fix === null ? (fix = unpreferredIfBroken(rule.fix?.(finding, ctx as never))) : fix),
      });
    };
    (rule.check as (c: typeof ctx & { report: typeof report }) => void)({ ...ctx, report });
  }
  if (model.kind === 'compose') reports.push(...contextsOutside(model, workspace));
  // Ignore comments that suppressed nothing, once every rule has reported (`unused-ignore` may be set like a rule).
  const unusedSetting = config.rules['unused-ignore'];
  if (unusedSetting !== 'off') {
    const kindOf = (id: string) => rules.find((r) => r.id === id)?.appliesTo;
    for (const unused of unusedIgnores(model, suppressions, { ran, kindOf })) {
      const fix: Fix = { title: unused.fixTitle, edits: unused.edits, preferred: true };
      reports.push({ id: 'unused-ignore', source: 'godock', severity: unusedSetting ?? 'hint', range: unused.range, message: unused.message, fix: () => fix });
    }
  }
  reports.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, reports, suppressions, ctx };
}

/**
 * A build context outside the workspace folders is not read (the server reads only inside them): the
 * checks that follow a service to its Dockerfile stay silent for it, and a hint says why.
 */
function contextsOutside(compose: ComposeModel, workspace: Workspace): Report[] {
  if (!compose.path) return [];
  return compose.services.flatMap((service): Report[] => {
    if (!service.build || service.build.inline || /^[a-z]+:\/\/|^git@/i.test(service.build.context)) return [];
    const dir = nodePath.resolve(nodePath.dirname(compose.path!), service.build.context);
    if (workspace.isInside(dir)) return [];
    const node = service.get(['build', 'context']) ?? service.get(['build']);
    const message = `Service "${service.name}" builds from ${service.build.context}, outside the workspace: Godock reads no files there, so the checks of its Dockerfile and go.mod are skipped`;
    return [{ id: 'outside-workspace', source: 'godock', severity: 'hint', range: compose.rangeOf(node), message, fix: () => undefined }];
  });
}

/**
 * An air config has no rules of its own (the compose rules read it): only its TOML syntax errors and the
 * keys air ignores without a word: a `[build]` setting written above the `[build]` header, or a misspelt
 * key (`exclude_dirs`), which leaves air watching what the user meant to exclude.
 */
function lintAir(model: AirConfig): Analysis {
  // Suppressions read only a model's kind and `#` comment lines, which an air config has like the others.
  const suppressions = readSuppressions(model as unknown as Model);
  const none = () => undefined;
  const reports: Report[] = model.syntaxErrors.map((e) => ({ id: 'toml-syntax', source: 'godock', severity: 'error', range: e.range, message: e.message, fix: none }));
  for (const unknown of model.unknownKeys()) {
    if (suppressions.isSuppressed('air-unknown-key', unknown.range.start.line)) continue;
    const { message, fix } = unknownAirKey(model, unknown);
    reports.push({ id: 'air-unknown-key', source: 'godock', severity: 'warning', range: unknown.range, message, fix: () => fix });
  }
  reports.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, reports, suppressions, ctx: undefined };
}

/** What to say about a key air ignores, and the rename when it is a near miss of one air reads. */
function unknownAirKey(model: AirConfig, { name, table, range, entry, known }: UnknownAirKey): { message: string; fix?: Fix } {
  if (!entry || !known) {
    const message = AIR_BUILD_KEYS.includes(name)
      ? `air ignores "${name}" at the top level: it is a [build] setting, so write it under [build]`
      : `air ignores the top-level key "${name}": it reads ${AIR_TOP_LEVEL.join(', ')}`;
    return { message };
  }
  const meant = closest(name, known);
  // A near miss: one character off in a short name, two in a longer one (`exclude_dirs`, `poll_intervall`).
  const near = meant !== undefined && editDistance(meant, name) <= (name.length <= 4 ? 1 : 2);
  if (!near) return { message: `air ignores "${name}" in [${table}]: it is not one of air's [${table.split('.')[0]}] settings` };
  const message = `air ignores "${name}" in [${table}]: the setting is "${meant}"`;
  // Renamed only where that is all it takes: a plain key (not dotted) whose right name the table does not set yet.
  const written = model.text.slice(entry.keyStart, entry.keyEnd);
  if (written.includes('.') || model.entry(table, meant)) return { message };
  return { message, fix: { title: `Rename to ${meant}`, edits: [{ range, newText: meant }], preferred: true } };
}
