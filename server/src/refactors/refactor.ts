import type { TextEdit } from 'vscode-languageserver-types';
import type { DockerfileContext } from '../engine/rule';

/** A plan is pure data; `undefined` plus a reason when the refactoring does not apply. */
export type Planned<Plan> = { plan: Plan } | { reason: string };

/** A refactoring, shaped like rust-analyzer's assists: the decision (`plan`) and the text (`edits`) apart. */
export interface Refactor<Plan, Options> {
  id: string;
  title: string;
  plan(ctx: DockerfileContext, options: Options): Planned<Plan>;
  edits(ctx: DockerfileContext, plan: Plan): TextEdit[];
}

export function defineRefactor<Plan, Options>(refactor: Refactor<Plan, Options>): Refactor<Plan, Options> {
  return refactor;
}
