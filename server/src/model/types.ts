import type { Dockerfile, Instruction, From, Run, Flag } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import type { Document, LineCounter, Node, Pair, Scalar } from 'yaml';
import type { GoCommand } from './goCommand';
import type { ShellCommand } from './shell';

export type { Range };

/** A `#` comment line of a Dockerfile or compose file (ignore directives are read from these). */
export interface CommentLine {
  line: number;
  text: string;
}

interface ModelBase {
  uri: string;
  /** The file's path on disk when it has one (build contexts are resolved from it). */
  path?: string;
  document: TextDocument;
  comments: CommentLine[];
  /** The LSP range of document offsets. */
  range(start: number, end: number): Range;
}

export interface DockerfileModel extends ModelBase {
  kind: 'dockerfile';
  ast: Dockerfile;
  escapeChar: string;
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
  /** The stage a plain `docker build` produces: the last one. */
  finalStage?: Stage;
  /** Every `go …` command of every RUN, in document order. */
  goCommands(sub?: string): GoCommandAt[];
}

export interface Stage {
  index: number;
  /** The `AS name`, lower-cased as BuildKit compares it. */
  name?: string;
  from: From;
  base: BaseImage;
  instructions: Instruction[];
  runs: RunModel[];
  /** True when a later stage copies files out of this one (`COPY --from=<this>`). */
  copiedFrom: boolean;
  /** The stage's environment at a line: ENV and ARG values in scope, inherited from the parent stage. */
  envAt(line: number): Map<string, string>;
}

export interface BaseImage {
  /** The image reference as written, and after ARG substitution. */
  raw: string;
  resolved: string;
  /** An earlier stage this one builds on (`FROM build AS test`). */
  stage?: Stage;
  scratch: boolean;
  /** Repository without registry or `library/` (`golang`, `gcr.io/distroless/static-debian12` keeps its registry). */
  repository: string;
  tag?: string;
  digest?: string;
  platform?: string;
  /** True when the reference uses a variable (`golang:${GO_VERSION}`). */
  templated: boolean;
  range: Range;
}

export interface RunModel {
  instruction: Run;
  stage: Stage;
  /** `--mount=…` and other RUN flags. */
  flags: Flag[];
  execForm: boolean;
  commands: ShellCommand[];
  go: GoCommand[];
}

export interface GoCommandAt extends GoCommand {
  run: RunModel;
}

export interface ComposeModel extends ModelBase {
  kind: 'compose';
  yaml: Document.Parsed;
  lineCounter: LineCounter;
  /** YAML syntax errors with their positions. */
  syntaxErrors: { message: string; range: Range }[];
  /** False when the YAML has no top-level `services:` (not a compose file). */
  isCompose: boolean;
  services: Service[];
  /** The top-level `volumes:` mapping, when present. */
  volumesNode?: Pair;
  rangeOf(node: Node | Pair | null | undefined): Range;
}

export interface Service {
  name: string;
  pair: Pair<Scalar, Node>;
  image?: ValueAt;
  build?: {
    context: string;
    dockerfile: string;
    target?: ValueAt;
    /** An inline Dockerfile (`dockerfile_inline`) is not followed. */
    inline: boolean;
  };
  ports: PortEntry[];
  volumes: VolumeEntry[];
  /** The `volumes:` pair of the service, when present. */
  volumesPair?: Pair;
  environment: Map<string, ValueAt>;
  command?: CommandValue;
  entrypoint?: CommandValue;
  capAdd: ValueAt[];
  securityOpt: ValueAt[];
  privileged?: ValueAt;
  memLimit?: ValueAt;
  /** A key of the service by path (`['deploy', 'resources']`). */
  get(path: string[]): Node | undefined;
}

export interface ValueAt {
  value: string;
  node: Node;
}

export interface CommandValue {
  words: string[];
  node: Node;
}

export interface PortEntry {
  hostIp?: string;
  published?: string;
  target: string;
  protocol?: string;
  node: Node;
}

export interface VolumeEntry {
  type: 'bind' | 'volume' | 'tmpfs' | 'unknown';
  source?: string;
  target?: string;
  /** The sequence item (a scalar in short syntax, a map in long syntax). */
  node: Node;
  long: boolean;
}

export type Model = DockerfileModel | ComposeModel;
