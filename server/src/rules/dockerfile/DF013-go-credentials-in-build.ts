/** DF013 — a token, password or .netrc given to the build through ARG, ENV or a file a RUN writes stays readable in the image. */
import { Add, Arg, Copy, Env } from 'dockerfile-ast';
import { defineRule, type Severity } from '../../engine/rule';
import type { ShellCommand } from '../../model/shell';
import type { DockerfileModel, RunModel, Stage } from '../../model/types';
import { removeCommands } from '../edit';
import { shippedStages } from '../settings';
import { effectiveUser, isRootUser } from '../stageUser';

interface Data {
  run?: RunModel;
  /** The commands that set up the credentials; the rest of the RUN stays. */
  setup?: ShellCommand[];
}

const SECRET_MOUNT = '--mount=type=secret,id=netrc,target=/root/.netrc';
const HOW_TO_BUILD = 'docker build --secret id=netrc,src=$HOME/.netrc';

/** Names that hold a credential: `GITHUB_TOKEN`, `DB_PASSWORD`, `API_SECRET`. A suffix, so `TOKEN_URL` is not one. */
const CREDENTIAL_NAME = /(^|_)(TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|ACCESS_KEY|SECRET_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;

/** `scheme://userinfo@host` where the userinfo carries a password, a variable or a known token prefix. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/([^/\s@]+)@[^/\s]/i;

function userinfoIsSecret(url: string): boolean {
  const match = URL_CREDENTIALS.exec(url);
  if (!match) return false;
  const userinfo = match[1];
  return userinfo.includes(':') || userinfo.includes('$') || /^(ghp_|gho_|ghs_|github_pat_|glpat-)/.test(userinfo);
}

/** Go commands that may fetch modules (and so read .netrc or git credentials). */
const FETCHING = /^(mod download|mod tidy|mod vendor|mod graph|mod why|build|install|get|list|run|test|vet|generate|work sync|work vendor)$/;

export default defineRule<Data>({
  id: 'DF013',
  name: 'go-credentials-in-build',
  title: 'Pass credentials as a build secret (RUN --mount=type=secret), not through ARG, ENV or a file in a layer',
  severity: 'error',
  security: true,
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    const shipped = shippedStages(dockerfile);
    for (const stage of dockerfile.stages) {
      const final = shipped.includes(stage);
      const severity: Severity = final ? 'error' : 'warning';
      // A build stage is not part of the final image, but its layers and history live on in the build cache.
      const where = (what: string) => (final ? `the image ${what}` : `the ${what} of stage ${stageLabel(stage)}`);
      const tail = final ? '' : ` (stage ${stageLabel(stage)} is not in the final image, but the build cache keeps it and \`--target ${stage.name ?? stage.index}\` ships it)`;
      for (const instruction of stage.instructions) {
        if (instruction instanceof Env) {
          for (const p of instruction.getProperties()) {
            const name = p.getName();
            const value = p.getValue() ?? '';
            const range = p.getRange();
            if (CREDENTIAL_NAME.test(name) && value !== '' && value !== '""' && value !== "''") {
              report({ range, severity, message: `ENV ${name} puts a credential in ${where('config')}: \`docker inspect\` shows it${tail}` });
            } else if (userinfoIsSecret(value)) {
              report({ range, severity, message: `ENV ${name} has credentials in its URL, kept in ${where('config')}: \`docker inspect\` shows them${tail}` });
            }
          }
        } else if (instruction instanceof Arg) {
          const p = instruction.getProperty();
          if (!p) continue;
          const line = instruction.getRange().start.line;
          // BuildKit records the stage's build args with each RUN after them; without a RUN they are never written.
          const runsAfter = stage.runs.some((r) => r.instruction.getRange().start.line > line);
          if (!runsAfter) continue;
          if (CREDENTIAL_NAME.test(p.getName())) {
            report({ range: p.getRange(), severity, message: `ARG ${p.getName()} puts a credential in ${where('history')}: \`docker history\` shows its value with every later RUN${tail}` });
          } else if (userinfoIsSecret(p.getValue() ?? '')) {
            report({ range: p.getRange(), severity, message: `ARG ${p.getName()} has credentials in its URL, kept in ${where('history')}: \`docker history\` shows them with every later RUN${tail}` });
          }
        } else if ((instruction instanceof Copy || instruction instanceof Add) && copiesNetrc(instruction)) {
          report({ range: instruction.getRange(), severity, message: `${instruction.getKeyword()} puts a .netrc in ${final ? 'an image layer' : `a layer of stage ${stageLabel(stage)}`}: its credentials stay even if a later step deletes the file${tail}` });
        }
      }
      for (const run of stage.runs) checkRun(dockerfile, stage, run, severity, final ? 'an image layer' : `a layer of stage ${stageLabel(stage)}`, tail, report);
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data?.run || !data.setup) return undefined;
    const removal = removeCommands(dockerfile, data.run.commands, data.setup);
    if (!removal) return undefined;
    const keyword = data.run.instruction.getInstructionRange().end;
    return {
      title: `Read .netrc from a build secret (RUN ${SECRET_MOUNT}); build with ${HOW_TO_BUILD}`,
      edits: [{ range: { start: keyword, end: keyword }, newText: ` ${SECRET_MOUNT}` }, ...removal],
    };
  },
});

function checkRun(
  dockerfile: DockerfileModel,
  stage: Stage,
  run: RunModel,
  severity: Severity,
  layer: string,
  tail: string,
  report: (f: { range: ReturnType<DockerfileModel['range']>; message: string; severity: Severity; data?: Data }) => void,
) {
  const commands = run.commands;
  const found: { command: ShellCommand; message: string }[] = [];
  commands.forEach((command, i) => {
    const later = commands.slice(i + 1);
    const netrc = netrcWriteTarget(command);
    if (netrc && !later.some((c) => removes(c, /(^|\/)\.netrc$/))) {
      found.push({ command, message: `RUN writes credentials to ${netrc}: they stay in ${layer} even if a later step deletes the file${tail}` });
    }
    if (isTokenInsteadOf(command) && !later.some((c) => removes(c, /(^|\/)\.gitconfig$/) || unsetsInsteadOf(c))) {
      found.push({ command, message: `git config url.<token URL>.insteadOf writes the token into git's config file: it stays in ${layer}${tail}` });
    }
  });
  if (found.length === 0) return;
  const data = rewritable(dockerfile, stage, run);
  for (const [i, { command, message }] of found.entries()) {
    // The fix rewrites the whole RUN, so only the first finding of the RUN carries it.
    report({ range: dockerfile.range(command.start, command.end), message, severity, data: i === 0 ? data : undefined });
  }
}

/**
 * The RUN can take the credentials from a secret mount instead when it is clear-cut: every command that is
 * not part of the credential setup runs without touching .netrc, at least one go command fetches, the user
 * is root (so ~ is /root), and no netrc secret is mounted already.
 */
function rewritable(dockerfile: DockerfileModel, stage: Stage, run: RunModel): Data | undefined {
  if (run.execForm || run.flags.some((f) => /id=netrc\b/.test(f.getValue() ?? ''))) return undefined;
  const setup = run.commands.filter((c) => mentions(c, /(^|\/)\.netrc$/) || isTokenInsteadOf(c) || removes(c, /(^|\/)\.gitconfig$/) || unsetsInsteadOf(c));
  const rest = run.commands.filter((c) => !setup.includes(c));
  const targets = run.commands.map(netrcWriteTarget).filter((t) => t !== undefined);
  if (targets.some((t) => !/^(~|\$HOME|\$\{HOME\}|\/root)\/\.netrc$/.test(t))) return undefined;
  if (!run.go.some((g) => rest.includes(g.command) && FETCHING.test(g.sub))) return undefined;
  if (rest.some((c) => c.argv.some((w) => /\.netrc|\.gitconfig/.test(w.value)))) return undefined;
  const user = effectiveUser(dockerfile, stage, run.instruction.getRange().start.line);
  if (user.kind !== 'root' && !(user.kind === 'user' && isRootUser(user.user))) return undefined;
  return { run, setup };
}

function stageLabel(stage: Stage): string {
  return stage.name ? `\`${stage.name}\`` : String(stage.index);
}

/** The .netrc a command writes: `> ~/.netrc`, `>>/root/.netrc`, `tee -a ~/.netrc`, `cp x ~/.netrc`. */
function netrcWriteTarget(command: ShellCommand): string | undefined {
  const words = command.argv.map((w) => w.value);
  const isNetrc = (w: string | undefined) => w !== undefined && /(^|\/)\.netrc$/.test(w);
  for (let i = 0; i < words.length; i++) {
    const redirect = /^\d?>>?(.*)$/.exec(words[i]);
    if (redirect) {
      const target = redirect[1] || words[i + 1];
      if (isNetrc(target)) return target;
    }
  }
  if (words[0] === 'tee') return words.slice(1).find(isNetrc);
  if (['cp', 'mv', 'install', 'ln'].includes(words[0]) && isNetrc(words.at(-1))) return words.at(-1);
  return undefined;
}

function mentions(command: ShellCommand, path: RegExp): boolean {
  return command.argv.some((w) => path.test(w.value.replace(/^\d?>>?/, '')));
}

function removes(command: ShellCommand, path: RegExp): boolean {
  return command.argv[0]?.value === 'rm' && command.argv.slice(1).some((w) => path.test(w.value));
}

/** `git config [--global] url."https://${TOKEN}@github.com/".insteadOf https://github.com/` */
function isTokenInsteadOf(command: ShellCommand): boolean {
  const words = command.argv.map((w) => w.value);
  if (words[0] !== 'git' || !words.includes('config')) return false;
  return words.some((w) => /^url\..*\.insteadof$/i.test(w) && userinfoIsSecret(w.slice(4)));
}

function unsetsInsteadOf(command: ShellCommand): boolean {
  const words = command.argv.map((w) => w.value);
  return words[0] === 'git' && words.includes('config') && words.some((w) => /^--(unset(-all)?|remove-section)$/.test(w)) && words.some((w) => /^url\./i.test(w));
}

function copiesNetrc(instruction: Copy | Add): boolean {
  const args = instruction.getArguments().map((a) => a.getValue());
  if (args.length < 2) return false;
  const destination = args.at(-1)!;
  const sources = args.slice(0, -1);
  return /(^|\/)\.netrc$/.test(destination) || sources.some((s) => /(^|\/)\.?netrc$/.test(s));
}

