import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF013');
const final = (lines: string) => `FROM golang:1.22.5-bookworm\nWORKDIR /src\n${lines}\nRUN go build -o /app .\n`;

describe('DF013 edge cases', () => {
  it.each([
    ['not ok: ARG GITHUB_TOKEN before a RUN', 'ARG GITHUB_TOKEN', 1],
    ['not ok: ENV with a token', 'ENV GITLAB_TOKEN=glpat-abc', 1],
    ['not ok: ENV copying a token build arg', 'ARG NPM_TOKEN\nENV NPM_TOKEN=$NPM_TOKEN', 2],
    ['not ok: a password in a GOPROXY URL', 'ENV GOPROXY=https://ci:hunter2@goproxy.corp.example.com', 1],
    ['not ok: a token variable in a URL', 'ARG GOPROXY=https://${CI_USER}:${CI_PASS}@goproxy.corp.example.com', 1],
    ['not ok: echo into /root/.netrc', 'RUN echo "machine github.com login x password $T" >> /root/.netrc', 1],
    ['not ok: printf into ~/.netrc, no blank before the path', 'RUN printf "machine %s login %s password %s\\n" github.com x "$T" >~/.netrc', 1],
    ['not ok: tee ~/.netrc', 'RUN echo "machine github.com password $T" | tee ~/.netrc', 1],
    ['not ok: .netrc removed only by a later RUN', 'RUN echo "machine x password $T" > ~/.netrc && go mod download\nRUN rm ~/.netrc', 1],
    ['not ok: a token in git insteadOf', 'RUN git config --global url."https://oauth2:${GITLAB_TOKEN}@gitlab.com/".insteadOf "https://gitlab.com/"', 1],
    ['not ok: COPY .netrc', 'COPY .netrc /root/.netrc', 1],
    ['ok: ARG named TOKEN_URL', 'ARG TOKEN_URL', 0],
    ['ok: ARG PASSWORD_FILE (a path)', 'ARG PASSWORD_FILE=/run/secrets/db', 0],
    ['ok: ENV with an empty token', 'ENV GITHUB_TOKEN=""', 0],
    ['ok: .netrc written and removed in the same RUN', 'RUN --mount=type=secret,id=t,env=T echo "machine x password $T" > ~/.netrc && go mod download && rm -f ~/.netrc', 0],
    ['ok: a secret mount at .netrc', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download', 0],
    ['ok: git insteadOf to ssh (no token)', 'RUN git config --global url."ssh://git@github.com/".insteadOf "https://github.com/"', 0],
    ['ok: token insteadOf unset in the same RUN', 'RUN --mount=type=secret,id=t,env=T git config --global url."https://$T@github.com/".insteadOf https://github.com/ && go mod download && git config --global --remove-section url."https://$T@github.com/"', 0],
    ['ok: a GOPROXY URL with a user but no password', 'ENV GOPROXY=https://ci@goproxy.corp.example.com', 0],
    ['ok: reading .netrc', 'RUN test -f ~/.netrc || echo "no netrc"', 0],
  ])('%s', (_name, lines, count) => {
    expect(findings(final(lines))).toHaveLength(count);
  });

  it('does not report an ARG no RUN follows (BuildKit records it only with a RUN)', () => {
    expect(findings('FROM scratch\nARG GITHUB_TOKEN\nCOPY app /app\n')).toHaveLength(0);
  });

  it('is an error in the final image and a warning in a build stage', () => {
    const text = 'FROM golang:1.22.5 AS build\nARG GITHUB_TOKEN\nRUN go build -o /app .\nFROM alpine:3.20\nARG GITHUB_TOKEN\nRUN apk add --no-cache git\nCOPY --from=build /app /app\n';
    expect(findings(text).map((r) => r.severity)).toEqual(['warning', 'error']);
  });

  it('rewrites a RUN that writes .netrc and runs go to a secret mount, keeping the rest', () => {
    const text = final('RUN --mount=type=cache,target=/go/pkg/mod \\\n    echo "machine github.com login x password ${GITHUB_TOKEN}" > /root/.netrc \\\n    && chmod 600 /root/.netrc \\\n    && go mod download');
    const fixed = fixAll(text, { path: 'Dockerfile' }, 'DF013');
    expect(fixed).toContain('RUN --mount=type=secret,id=netrc,target=/root/.netrc --mount=type=cache,target=/go/pkg/mod \\\n    go mod download\n');
  });

  it('rewrites a token insteadOf followed by go mod download', () => {
    const text = final('RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" && go mod download');
    expect(fixAll(text, { path: 'Dockerfile' }, 'DF013')).toContain('RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n');
  });

  it.each([
    ['no go command in the RUN', 'RUN echo "machine x password $T" > ~/.netrc'],
    ['a non-root user (~ is not /root)', 'USER 1000\nRUN echo "machine x password $T" > ~/.netrc && go mod download'],
    ['a .netrc elsewhere', 'RUN echo "machine x password $T" > /tmp/.netrc && NETRC=/tmp/.netrc go mod download'],
    ['a heredoc that writes it', 'RUN cat > ~/.netrc <<EOF && go mod download\nmachine x password y\nEOF'],
  ])('offers no rewrite with %s', (_name, lines) => {
    const reports = lintText(final(lines), { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF013');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.fix() === undefined)).toBe(true);
  });

  // Removing the .netrc command must not take what a continuation or a quote joined to it: a heredoc operator
  // (its body would become instructions) or the quote opening an `sh -c '…'` script.
  it.each([
    ['a heredoc operator joined to it by a continuation', 'RUN go mod download && echo "machine x password $T" > ~/.netrc \\\nRUN <<EOF\napp --help\nEOF'],
    ['the quote opening an sh -c script', `RUN sh -c 'echo "machine x password $T" > ~/.netrc' && go mod download`],
  ])('reports but offers no rewrite when removing the command would take %s', (_name, lines) => {
    const text = final(lines);
    expect(findings(text)).toHaveLength(1);
    expect(findings(text)[0].fix()).toBeUndefined();
    expect(fixAll(text, { path: 'Dockerfile' }, 'DF013')).toBe(text);
  });
});
