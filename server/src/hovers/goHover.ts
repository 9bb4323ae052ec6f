/** Hovers over Go settings in a Dockerfile: environment variables (ENV, ARG, `CGO_ENABLED=0 go …`) and go build flags. */
import { Arg, Env } from 'dockerfile-ast';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { DockerfileModel } from '../model/types';
import type { Word } from '../model/shell';
import { GO_BUILD_FLAGS, GO_ENV } from './goTerms';

const BUILDING = new Set(['build', 'install', 'run', 'test', 'vet', 'generate']);

export function goHover(model: DockerfileModel, position: Position): Hover | undefined {
  const offset = model.document.offsetAt(position);
  const inside = (w: Word) => w.start <= offset && offset <= w.end;
  const hover = (title: string, text: string | undefined, word: { start: number; end: number }): Hover | undefined =>
    text ? { contents: { kind: 'markdown', value: `**${title}**\n\n${text}` }, range: model.range(word.start, word.end) } : undefined;

  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      if (!(instruction instanceof Env || instruction instanceof Arg)) continue;
      const r = instruction.getRange();
      if (position.line < r.start.line || position.line > r.end.line) continue;
      for (const property of instruction.getProperties()) {
        const name = property.getNameRange();
        if (model.document.offsetAt(name.start) <= offset && offset <= model.document.offsetAt(name.end)) {
          return hover(property.getName(), GO_ENV[property.getName()], { start: model.document.offsetAt(name.start), end: model.document.offsetAt(name.end) });
        }
      }
    }
    for (const run of stage.runs) {
      for (const command of run.commands) {
        if (offset < command.start || offset > command.end) continue;
        const assignment = command.assignments.find((a) => inside(a.word));
        if (assignment) return hover(assignment.name, GO_ENV[assignment.name], assignment.word);
      }
      for (const go of run.go) {
        if (offset < go.command.start || offset > go.command.end) continue;
        if (BUILDING.has(go.sub)) {
          for (const flag of go.flags.values()) {
            if (inside(flag.words[0])) return hover(`go ${go.sub} -${flag.name}`, GO_BUILD_FLAGS[flag.name], flag.words[0]);
          }
        }
        if (go.sub === 'env') {
          const pair = go.args.find(inside);
          const name = pair?.value.split('=')[0];
          if (pair && name) return hover(name, GO_ENV[name], pair);
        }
      }
    }
  }
  return undefined;
}
