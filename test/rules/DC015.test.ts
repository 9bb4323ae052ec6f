import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const findings = (text: string) => lintText(text, { path: 'compose.yaml' }).reports.filter((r) => r.id === 'DC015');
const fix = (text: string) => fixAll(text, { path: 'compose.yaml' }, 'DC015');

describe('DC015 edge cases', () => {
  it.each([
    ['not ok: quoted version at the top', 'version: "3.8"\nservices:\n  api:\n    image: x\n', 1],
    ['not ok: plain number version', "version: 3\nservices:\n  api:\n    image: x\n", 1],
    ['not ok: version after services', 'services:\n  api:\n    image: x\nversion: "2.4"\n', 1],
    ['ok: a service label called version', 'services:\n  api:\n    image: x\n    labels:\n      version: "2"\n', 0],
    ['ok: a service called version', 'services:\n  version:\n    image: x\n', 0],
    ['ok: name only', 'name: app\nservices:\n  api:\n    image: x\n', 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text)).toHaveLength(count);
  });

  it('removes the line and the blank line that set it apart at the top, keeping the comment above', () => {
    expect(fix('# app\nversion: "3.8"\n\nservices:\n  api:\n    image: x\n')).toBe('# app\nservices:\n  api:\n    image: x\n');
  });

  it('keeps blank lines around a version key in the middle of the file', () => {
    expect(fix('services:\n  api:\n    image: x\n\nversion: "3"\n\nvolumes:\n  data:\n')).toBe('services:\n  api:\n    image: x\n\n\nvolumes:\n  data:\n');
  });

  it('removes a version with a trailing comment and no newline at the end of the file', () => {
    expect(fix('services:\n  api:\n    image: x\nversion: "3" # legacy')).toBe('services:\n  api:\n    image: x\n');
  });

  it('offers no fix in a flow-style file', () => {
    const [finding] = findings('{version: "3", services: {api: {image: x}}}\n');
    expect(finding.fix()).toBeUndefined();
  });

  it('leaves every other line unchanged', () => {
    const text = '# app  \nversion:   \'3.8\'   # old\n\nservices:\n  api:\n    image: "x"   # q\n    ports: [ "80:80" ]\n';
    expect(expectMinimalFix(text, { path: 'compose.yaml' }, 'DC015')).toBe('# app  \nservices:\n  api:\n    image: "x"   # q\n    ports: [ "80:80" ]\n');
  });
});
