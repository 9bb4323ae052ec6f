import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const findings = (text: string) => lintText(text, { path: 'compose.yaml' }).reports.filter((r) => r.id === 'DC012');
const fix = (text: string) => fixAll(text, { path: 'compose.yaml' }, 'DC012');
const P = 'http://proxy:3128';

describe('DC012 edge cases', () => {
  it.each([
    ['not ok: HTTPS_PROXY in a mapping', `build: .\n    environment:\n      HTTPS_PROXY: ${P}`, 1],
    ['not ok: both proxies in a list, lower case', `build: .\n    environment:\n      - http_proxy=${P}\n      - https_proxy=${P}`, 2],
    ['not ok: build args without a proxy', `build:\n      context: .\n      args: [GO_VERSION=1.22]\n    environment: [HTTPS_PROXY=${P}]`, 1],
    ['ok: the build has a proxy arg (any case)', `build:\n      context: .\n      args: {https_proxy: ${P}}\n    environment: [HTTP_PROXY=${P}]`, 0],
    ['ok: no build', `image: golang:1.22.5\n    environment: [HTTPS_PROXY=${P}]`, 0],
    ['ok: NO_PROXY alone', 'build: .\n    environment: [NO_PROXY=localhost]', 0],
    ['ok: another variable with proxy in its name', `build: .\n    environment: [HTTPS_PROXY_URL=${P}, ALL_PROXY=${P}]`, 0],
  ])('%s', (_name, body, count) => {
    expect(findings(`services:\n  api:\n    ${body}\n`)).toHaveLength(count);
  });

  it.each([
    [
      'a scalar build and a list',
      `    build: .\n    environment:\n      - HTTPS_PROXY=${P}\n      - PORT=8080\n`,
      `    build:\n      context: .\n      args:\n        - HTTPS_PROXY=${P}\n    environment:\n      - PORT=8080\n`,
    ],
    [
      'a quoted scalar build after the environment, which goes away',
      `    environment:\n      HTTPS_PROXY: '${P}'\n    build: "./api"\n`,
      `    build:\n      context: "./api"\n      args:\n        HTTPS_PROXY: '${P}'\n`,
    ],
    [
      'args as a mapping, environment as a list',
      `    build:\n      context: .\n      args:\n        GO_VERSION: "1.22"\n    environment:\n      - HTTPS_PROXY=${P}\n      - LOG=debug\n`,
      `    build:\n      context: .\n      args:\n        GO_VERSION: "1.22"\n        HTTPS_PROXY: ${P}\n    environment:\n      - LOG=debug\n`,
    ],
    [
      'args as a list, environment as a mapping',
      `    build:\n      context: .\n      args:\n        - GO_VERSION=1.22\n    environment:\n      HTTPS_PROXY: ${P}\n      LOG: debug\n`,
      `    build:\n      context: .\n      args:\n        - GO_VERSION=1.22\n        - HTTPS_PROXY=${P}\n    environment:\n      LOG: debug\n`,
    ],
    [
      'an empty args key',
      `    build:\n      context: .\n      args:\n    environment:\n      HTTPS_PROXY: ${P}\n      LOG: debug\n`,
      `    build:\n      context: .\n      args:\n        HTTPS_PROXY: ${P}\n    environment:\n      LOG: debug\n`,
    ],
    [
      'flow collections',
      `    build: { context: . }\n    environment: { LOG: debug, HTTP_PROXY: ${P}, HTTPS_PROXY: ${P} }\n`,
      `    build: { context: ., args: { HTTP_PROXY: ${P}, HTTPS_PROXY: ${P} } }\n    environment: { LOG: debug }\n`,
    ],
    [
      'a flow list left empty',
      `    build:\n      context: .\n    environment: [HTTPS_PROXY=${P}, NO_PROXY=db]\n    ports: ["80:80"]\n`,
      `    build:\n      context: .\n      args:\n        - HTTPS_PROXY=${P}\n        - NO_PROXY=db\n    ports: ["80:80"]\n`,
    ],
    [
      'an empty flow build and a value with braces, quoted in the flow list',
      '    environment:\n      - HTTP_PROXY=${X}\n      - LOG=debug\n    build: {}\n',
      '    environment:\n      - LOG=debug\n    build: { args: ["HTTP_PROXY=${X}"] }\n',
    ],
  ])('moves the proxy with %s', (_name, body, fixed) => {
    expect(fix(`services:\n  api:\n${body}  db:\n    image: postgres:16\n`)).toBe(`services:\n  api:\n${fixed}  db:\n    image: postgres:16\n`);
  });

  it('says the container loses the variable, and is not a preferred fix', () => {
    const [finding] = findings(`services:\n  api:\n    build: .\n    environment:\n      HTTPS_PROXY: ${P}\n      no_proxy: db\n`);
    expect(finding.fix()?.title).toBe('Move HTTPS_PROXY, no_proxy to build.args (the running container no longer gets them)');
    expect(finding.fix()?.preferred).toBeFalsy();
  });

  it('leaves every other line unchanged', () => {
    const text = `# proxy\nservices:\n  api:   # api\n    build: ./api    # context\n    environment:\n      PORT: "8080"   # port\n      HTTPS_PROXY: "${P}"\n    ports: [ "8080:8080" ]\n`;
    expect(expectMinimalFix(text, { path: 'compose.yaml' }, 'DC012')).toBe(
      `# proxy\nservices:\n  api:   # api\n    build:\n      context: ./api    # context\n      args:\n        HTTPS_PROXY: "${P}"\n    environment:\n      PORT: "8080"   # port\n    ports: [ "8080:8080" ]\n`,
    );
  });
});
