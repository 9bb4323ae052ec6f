/** The rule registry: an explicit list, so it bundles cleanly and reads as the catalog. */
import type { Rule } from '../engine/rule';
import DF001 from './dockerfile/DF001-golang-image-unpinned';
import DF002 from './dockerfile/DF002-golang-older-than-go-mod';
import DF003 from './dockerfile/DF003-sdk-image-final-stage';
import DF004 from './dockerfile/DF004-go-env-w';
import DF005 from './dockerfile/DF005-copy-before-mod-download';
import DF006 from './dockerfile/DF006-no-go-cache-mount';
import DF007 from './dockerfile/DF007-cgo-runtime-mismatch';
import DF008 from './dockerfile/DF008-cgo-required-but-disabled';
import DF009 from './dockerfile/DF009-go-build-not-stripped';
import DF010 from './dockerfile/DF010-go-build-platform';
import DF011 from './dockerfile/DF011-undeclared-build-arg';
import DF012 from './dockerfile/DF012-insecure-go-env';
import DF013 from './dockerfile/DF013-go-credentials-in-build';
import DF014 from './dockerfile/DF014-proxy-env-persisted';
import DF015 from './dockerfile/DF015-final-stage-runs-as-root';
import DF016 from './dockerfile/DF016-named-user-without-passwd';
import DF017 from './dockerfile/DF017-privileged-port-as-non-root';
import DF018 from './dockerfile/DF018-scratch-without-ca-certs';
import DF019 from './dockerfile/DF019-scratch-without-tzdata';
import DF020 from './dockerfile/DF020-shell-form-entrypoint';
import DF021 from './dockerfile/DF021-healthcheck-needs-tools';
import DF022 from './dockerfile/DF022-git-in-build-context';
import DF023 from './dockerfile/DF023-vcs-stamp-without-git';
import DF024 from './dockerfile/DF024-go-install-unversioned';
import DF025 from './dockerfile/DF025-go-get-for-tools';
import DF026 from './dockerfile/DF026-go-mod-tidy-in-build';
import DF027 from './dockerfile/DF027-debug-build-in-release-image';
import DF028 from './dockerfile/DF028-legacy-env-format';
import DF029 from './dockerfile/DF029-apk-without-no-cache';
import DF030 from './dockerfile/DF030-base-image-unpinned';
import DC001 from './compose/DC001-gopath-mount';
import DC002 from './compose/DC002-dlv-without-ptrace';
import DC003 from './compose/DC003-dlv-port-public';
import DC004 from './compose/DC004-privileged-for-debug';
import DC005 from './compose/DC005-dlv-flags';
import DC006 from './compose/DC006-debug-build-flags';
import DC007 from './compose/DC007-no-go-cache-volume';
import DC008 from './compose/DC008-source-mount-hides-binary';
import DC009 from './compose/DC009-gomemlimit-missing';
import DC010 from './compose/DC010-go-image-unpinned';
import DC011 from './compose/DC011-build-target-unknown';
import DC012 from './compose/DC012-proxy-in-environment';
import DC013 from './compose/DC013-air-without-poll';
import DC014 from './compose/DC014-compose-schema';
import DC015 from './compose/DC015-obsolete-version-key';

export const rules: readonly Rule[] = [DF001, DF002, DF003, DF004, DF005, DF006, DF007, DF008, DF009, DF010, DF011, DF012, DF013, DF014, DF015, DF016, DF017, DF018, DF019, DF020, DF021, DF022, DF023, DF024, DF025, DF026, DF027, DF028, DF029, DF030, DC001, DC002, DC003, DC004, DC005, DC006, DC007, DC008, DC009, DC010, DC011, DC012, DC013, DC014, DC015];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
