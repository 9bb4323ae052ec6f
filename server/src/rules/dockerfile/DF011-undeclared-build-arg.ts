/** DF011 — `$TARGETARCH` or a global ARG used in a stage that never declares it is empty there: the build quietly goes wrong. */
import { Arg, Run, type Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { lineIndent } from '../edit';
import { allShellCommands, argNames, declaredBefore, setsVariable } from '../goBuild';

interface Data {
  stage: Stage;
  name: string;
}

/** BuildKit's platform arguments: set for every build, in scope in a stage only after `ARG NAME`. */
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);
/** Predefined arguments that reach RUN without any ARG (the proxy variables). */
const PROXY_ARGS = new Set(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);
/** Variables a base image or the shell usually sets: a global ARG of that name is not what a RUN sees. */
const ENVIRONMENT = new Set(['PATH', 'HOME', 'PWD', 'USER', 'SHELL', 'HOSTNAME', 'TERM', 'LANG', 'GOPATH', 'GOROOT', 'GOLANG_VERSION', 'GOTOOLCHAIN']);
/** Instructions whose arguments BuildKit expands with the stage's variables, and RUN, whose shell does. */
const EXPANDED = new Set(['RUN', 'ENV', 'ADD', 'COPY', 'WORKDIR', 'USER', 'LABEL', 'VOLUME', 'EXPOSE', 'STOPSIGNAL', 'ARG']);

export default defineRule<Data>({
  id: 'DF011',
  name: 'undeclared-build-arg',
  title: 'Declare the build argument in the stage with ARG',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    const globals = new Map<string, number>();
    for (const arg of dockerfile.ast.getInitialARGs()) for (const name of argNames(arg)) globals.set(name, arg.getRange().start.line);
    for (const stage of dockerfile.stages) {
      const reported = new Set<string>();
      const stageName = stage.name ?? `${stage.index}`;
      for (const instruction of stage.instructions) {
        if (!EXPANDED.has(instruction.getKeyword())) continue;
        // Most instructions use no variable: what is declared before them is worked out only for those that do.
        const variables = instruction.getVariables();
        if (variables.length === 0) continue;
        const line = instruction.getRange().start.line;
        const { env, args } = declaredBefore(stage, line);
        const run = instruction instanceof Run ? stage.runs.find((r) => r.instruction === instruction) : undefined;
        const shell = run ? allShellCommands(run, dockerfile) : [];
        for (const variable of variables) {
          const name = variable.getName();
          const platform = PLATFORM_ARGS.has(name);
          if (!platform && (!globals.has(name) || PROXY_ARGS.has(name) || ENVIRONMENT.has(name))) continue;
          if (reported.has(name) || env.has(name) || args.has(name)) continue;
          if (run && setsVariable(shell, name)) continue;
          reported.add(name);
          // `${NAME:-default}` then always takes its default: unset, not empty, is what is wrong.
          const state = variable.getModifier() ? 'unset' : 'empty';
          const where = `stage ${stage.name ? `\`${stageName}\`` : stageName}`;
          report({
            range: variable.getNameRange(),
            message: platform
              ? `$${name} is ${state} here: ${where} has no \`ARG ${name}\`, and BuildKit's platform arguments reach a stage only through one`
              : `$${name} is ${state} here: the global ARG ${name} (line ${globals.get(name)! + 1}) is not declared again in ${where}`,
            data: { stage, name },
          });
        }
      }
    }
  },
  fix({ data, range }, { dockerfile }) {
    if (!data) return undefined;
    const { stage, name } = data;
    // After the FROM and the ARG lines that directly follow it, so declarations stay together; before the use
    // when an ARG line itself uses the variable (`ARG B=$TARGETPLATFORM`).
    let after: Instruction = stage.from;
    for (const instruction of stage.instructions) {
      if (!(instruction instanceof Arg) || instruction.getRange().end.line >= range.start.line) break;
      after = instruction;
    }
    const line = after.getRange().end.line + 1;
    const indent = lineIndent(dockerfile.document, stage.from.getRange().start.line);
    const edit =
      line < dockerfile.document.lineCount
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}ARG ${name}\n` }
        : { range: { start: after.getRange().end, end: after.getRange().end }, newText: `\n${indent}ARG ${name}` };
    return { title: `Declare ARG ${name} in stage ${stage.name ?? stage.index}`, edits: [edit], preferred: true };
  },
});
