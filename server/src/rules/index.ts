/** The rule registry: an explicit list, so it bundles cleanly and reads as the catalog. */
import type { Rule } from '../engine/rule';
import DF001 from './dockerfile/DF001-golang-image-unpinned';
import DF004 from './dockerfile/DF004-go-env-w';
import DC001 from './compose/DC001-gopath-mount';
import DC009 from './compose/DC009-gomemlimit-missing';
import DC010 from './compose/DC010-go-image-unpinned';
import DC011 from './compose/DC011-build-target-unknown';
import DC012 from './compose/DC012-proxy-in-environment';
import DC015 from './compose/DC015-obsolete-version-key';

export const rules: readonly Rule[] = [DF001, DF004, DC001, DC009, DC010, DC011, DC012, DC015];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
