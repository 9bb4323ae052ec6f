/** DF018 — a scratch image without a CA bundle cannot verify any TLS server: every outbound HTTPS call fails. */
import { defineRule, type DockerfileContext, type Severity } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { imageFamily, isDevImage, rootBase, shippedBuilds } from '../judge';
import { copiedPaths, receivesFile } from '../stageUser';

interface Data {
  stage: Stage;
}

/** Where Go's crypto/x509 looks for roots on Linux (root_linux.go): files, then folders. */
const CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const CERT_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

/** Imports that make outbound TLS connections likely (a standard package, or a client of a TLS-only service). */
const TLS_IMPORTS = [
  'net/http', 'crypto/tls', 'net/smtp', 'google.golang.org/grpc/credentials', 'google.golang.org/api', 'cloud.google.com/go',
  'github.com/aws/aws-sdk-go', 'github.com/aws/aws-sdk-go-v2', 'github.com/Azure/azure-sdk-for-go', 'github.com/stripe/stripe-go',
  'github.com/slack-go/slack', 'github.com/sendgrid/sendgrid-go', 'github.com/twilio/twilio-go', 'go.mongodb.org/mongo-driver',
];
/** Go 1.20+: importing this package embeds Mozilla's roots, used when the system has none. */
const FALLBACK_ROOTS = 'golang.org/x/crypto/x509roots/fallback';

const COPY_CERTS = (from: string) => `COPY --from=${from} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`;

export default defineRule<Data>({
  id: 'DF018',
  name: 'scratch-without-ca-certs',
  title: 'Copy a CA bundle into the scratch image',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    const stage = dockerfile.finalStage;
    if (!stage || !rootBase(stage).scratch || isDevImage(ctx)) return;
    if (CERT_FILES.some((f) => receivesFile(stage, f))) return;
    const copied = copiedPaths(stage);
    if (copied.some(({ destination }) => CERT_DIRS.some((d) => destination === d || destination.startsWith(d + '/')))) return;
    const env = stage.envAt(Number.MAX_SAFE_INTEGER);
    const certFile = env.get('SSL_CERT_FILE');
    const certDir = env.get('SSL_CERT_DIR');
    if (certFile && receivesFile(stage, certFile)) return;
    if (certDir && copied.some(({ destination }) => destination.replace(/\/$/, '') === certDir.replace(/\/$/, '') || destination.startsWith(certDir.replace(/\/$/, '') + '/'))) return;

    const sources = context?.goSources() ?? [];
    const imports = sources.flatMap((s) => s.imports.map((i) => ({ file: s.path, path: i })));
    if (imports.some((i) => i.path === FALLBACK_ROOTS)) return;
    let severity: Severity;
    let why: string;
    if (sources.length === 0) {
      severity = 'info';
      why = 'if the program makes outbound TLS connections (no Go sources found to tell)';
    } else {
      const tls = imports.find((i) => TLS_IMPORTS.some((t) => i.path === t || i.path.startsWith(t + '/')));
      if (!tls) return;
      severity = 'warning';
      why = `and ${tls.file} imports ${tls.path}`;
    }
    report({
      range: stage.base.range,
      severity,
      message: `The scratch image has no CA certificates ${why}: outbound HTTPS/TLS fails with "x509: certificate signed by unknown authority"`,
      data: { stage },
    });
  },
  fix({ data }, ctx) {
    if (!data) return undefined;
    const builder = certSource(ctx, data.stage);
    if (!builder) return undefined;
    const line = COPY_CERTS(builder.name ?? String(builder.index));
    const end = data.stage.from.getRange().end;
    const next = { line: end.line + 1, character: 0 };
    const edit = end.line + 1 < ctx.dockerfile.document.lineCount ? { range: { start: next, end: next }, newText: `${line}\n` } : { range: { start: end, end }, newText: `\n${line}` };
    return { title: `Insert ${line}`, edits: [edit], preferred: true };
  },
});

/**
 * The stage to copy the bundle from: the one that builds the shipped binary, else the first one the final
 * stage copies from, provided its image has /etc/ssl/certs/ca-certificates.crt (golang, alpine and distroless
 * images do; a stage that installs ca-certificates does too).
 */
function certSource(ctx: DockerfileContext, final: Stage): Stage | undefined {
  const { dockerfile } = ctx;
  const candidates: Stage[] = [];
  for (const { builder } of shippedBuilds(ctx)) candidates.push(builder);
  for (const { from } of copiedPaths(final)) {
    const stage = from === undefined ? undefined : dockerfile.stages.find((s) => s.name === from.toLowerCase()) ?? (/^\d+$/.test(from) ? dockerfile.stages[Number(from)] : undefined);
    if (stage && stage !== final) candidates.push(stage);
  }
  return candidates.find(hasCaBundle);
}

function hasCaBundle(stage: Stage): boolean {
  const family = imageFamily(rootBase(stage));
  if (['golang', 'golang-alpine', 'alpine'].includes(family) || family.startsWith('distroless')) return true;
  for (let s: Stage | undefined = stage; s; s = s.base.stage) {
    if (s.runs.some((r) => r.commands.some((c) => /^(apk|apt-get|apt|dnf|yum|microdnf)$/.test(c.argv[0]?.value ?? '') && c.argv.some((w) => w.value === 'ca-certificates')))) return true;
  }
  return false;
}
