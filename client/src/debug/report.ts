/** The "Godock: Check Debug Setup" report, as pure functions: the markdown document and the fix picker's items. */
import type { Area, Check, Fix, Status } from './checks';

const AREAS: [Area, string][] = [
  ['compose', 'Compose file'],
  ['dockerfile', 'Dockerfile'],
  ['air', 'air (.air.toml)'],
  ['launch', 'launch.json'],
  ['container', 'Running container'],
];

const MARK: Record<Status, string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '➖' };

export function summary(checks: Check[]): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  if (failed === 0 && warned === 0) return 'Everything the debugger needs is in place.';
  return `${failed} problem${failed === 1 ? '' : 's'} and ${warned} warning${warned === 1 ? '' : 's'}: the fixes are listed under each check.`;
}

/** One section per link of the chain, each check with its status, what was found, and its fixes. */
export function buildReport(checks: Check[], workspaceFolder: string): string {
  const lines = [`# Godock debug setup: ${workspaceFolder}`, '', summary(checks), ''];
  for (const [area, heading] of AREAS) {
    const inArea = checks.filter((c) => c.area === area);
    if (inArea.length === 0) continue;
    lines.push(`## ${heading}`, '');
    for (const c of inArea) {
      lines.push(`- ${MARK[c.status]} **${c.title}**: ${c.detail}`);
      if (c.status === 'fail' || c.status === 'warn') for (const fix of c.fixes) lines.push(`  - Fix: ${fix.title}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export interface FixItem {
  label: string;
  detail: string;
  fix: Fix;
}

/** The fixes of the failed checks first, then of the warnings, for a quick pick. */
export function fixItems(checks: Check[]): FixItem[] {
  const ranked = [...checks.filter((c) => c.status === 'fail'), ...checks.filter((c) => c.status === 'warn')];
  return ranked.flatMap((c) => c.fixes.map((fix) => ({ label: `${c.status === 'fail' ? '$(error)' : '$(warning)'} ${fix.title}`, detail: `${c.title}: ${c.detail}`, fix })));
}
