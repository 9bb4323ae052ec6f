import { expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { dockerChecks } from '../../server/src/engine/dockerChecks';

const problems = (text: string, uri: string) => dockerChecks(TextDocument.create(uri, 'dockerfile', 0, text)).map((d) => `${d.range.start.line}: ${d.message}`);

it('an instruction whose variable an edit above it changed is checked again', () => {
  const uri = 'file:///project/variables.Dockerfile';
  expect(problems('FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT\n', uri)).toEqual([]);
  // Only the ARG line changed; the EXPOSE line reads it.
  expect(problems('FROM alpine:3.20\nARG PORT=80x0\nEXPOSE $PORT\n', uri)).toEqual(['2: Invalid containerPort: 80x0']);
});

it('the problems of an instruction an edit did not touch move with it when lines are added above', () => {
  const uri = 'file:///project/moved.Dockerfile';
  expect(problems('FROM alpine:3.20\nEXPOSE 80x0\nstopsignal SIGKILL\n', uri)).toEqual(['1: Invalid containerPort: 80x0', '2: Instructions should be written in uppercase letters']);
  expect(problems('FROM alpine:3.20\n# a new comment\n\nEXPOSE 80x0\nstopsignal SIGKILL\n', uri)).toEqual(['3: Invalid containerPort: 80x0', '4: Instructions should be written in uppercase letters']);
});

it('a dockerfile-utils ignore comment above an unchanged instruction still hides its problem', () => {
  const uri = 'file:///project/ignored.Dockerfile';
  expect(problems('FROM alpine:3.20\nEXPOSE 80x0\n', uri)).toEqual(['1: Invalid containerPort: 80x0']);
  expect(problems('FROM alpine:3.20\n# dockerfile-utils: ignore\nEXPOSE 80x0\n', uri)).toEqual([]);
});

it('an indented instruction with a variable before the first FROM gets the checks an unindented one gets', () => {
  // dockerfile-ast's variable lookup recursed until the stack overflowed here, and the file got none of them.
  expect(problems(' ARG X\n ENV Y=${X}\nFROM alpine:3.20\n', 'file:///project/indented.Dockerfile')).toEqual(['1: No source image provided with `FROM`']);
  expect(problems('ARG X\nENV Y=${X}\nFROM alpine:3.20\n', 'file:///project/unindented.Dockerfile')).toEqual(['1: No source image provided with `FROM`']);
});
