/** Re-parsing the edited lines only: when it is done, and that it reads as a parse of the whole text. */
import { Parser } from 'dockerfile-ast/lib/parser';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { reparse, type Ast } from '../../server/src/model/dockerfileReparse';

const parseWhole = (text: string): Ast => new Parser().parse(text);
const parsed = (text: string) => ({ text, ast: parseWhole(text), document: TextDocument.create('', '', 0, text) });
const edited = (before: string, after: string) => reparse(parsed(before), after, TextDocument.create('', '', 0, after), parseWhole);

/** Each instruction as its keyword, lines and arguments; each comment as its line and text. */
const outline = (ast: Ast) => [
  ...ast.getInstructions().map((i) => `${i.getKeyword()} ${i.getRange().start.line}-${i.getRange().end.line} ${i.getArguments().map((a) => a.getValue()).join(' ')}`),
  ...ast.getComments().map((c) => `# ${c.getRange().start.line} ${c.getContent()}`),
];

const FILE = ['# syntax=docker/dockerfile:1', 'FROM golang:1.22 AS build', 'WORKDIR /src', 'RUN go mod download', '# build it', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app'].join('\n');

describe('reparse', () => {
  it('re-parses a keystroke inside an instruction, and the result reads as a parse of the whole text', () => {
    const after = FILE.replace('go mod download', 'go mod downloadx');
    const ast = edited(FILE, after);
    expect(ast).toBeDefined();
    expect(outline(ast!)).toEqual(outline(parseWhole(after)));
    expect(outline(ast!)).toContain('RUN 3-3 go mod downloadx');
  });

  it('takes in the next instruction when a typed continuation joins it', () => {
    const after = FILE.replace('WORKDIR /src', 'WORKDIR /src \\');
    const ast = edited(FILE, after);
    expect(ast).toBeDefined();
    expect(outline(ast!)).toEqual(outline(parseWhole(after)));
    expect(outline(ast!)).toContain('WORKDIR 2-3 /src RUN go mod download');
  });

  it('takes in the lines an opened heredoc swallows, up to its end', () => {
    const before = ['FROM golang:1.22', 'RUN go mod download', 'go build ./...', 'X', 'RUN true', 'RUN true', 'RUN true', 'RUN true', 'RUN true'].join('\n');
    const after = before.replace('RUN go mod download', 'RUN <<X');
    const ast = edited(before, after);
    expect(ast).toBeDefined();
    expect(outline(ast!)).toEqual(outline(parseWhole(after)));
    expect(outline(ast!)[1]).toBe('RUN 1-3 <<X go build ./... X');
  });

  it('variables of the instructions it keeps resolve against the new file', () => {
    const before = ['FROM golang:1.22', 'ARG VERSION=1', 'RUN echo $VERSION', 'RUN true', 'RUN true', 'RUN true', 'RUN true'].join('\n');
    const after = before.replace('ARG VERSION=1', 'ARG VERSIOM=1');
    const ast = edited(before, after);
    expect(ast).toBeDefined();
    const echo = ast!.getInstructions()[2];
    expect(echo.getVariables().map((v) => v.isDefined())).toEqual([false]);
  });

  it('leaves to a whole parse an edit that adds or removes lines, or touches the directives', () => {
    expect(edited(FILE, FILE.replace('WORKDIR /src', 'WORKDIR /src\nUSER app'))).toBeUndefined();
    expect(edited(FILE, FILE.replace('# build it\n', ''))).toBeUndefined();
    expect(edited(FILE, FILE.replace('# syntax=docker/dockerfile:1', '# escape=`'))).toBeUndefined();
    // The line after the directives could become one.
    const noDirectives = FILE.replace('# syntax=docker/dockerfile:1', '# a comment');
    expect(edited(noDirectives, noDirectives.replace('# a comment', '# escape=`'))).toBeUndefined();
  });
});
