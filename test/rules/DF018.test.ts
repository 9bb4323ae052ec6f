import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const MAIN_HTTP = 'package main\n\nimport (\n\t"net/http"\n)\n\nfunc main() { http.Get("https://example.com") }\n';
const MAIN_PLAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n';
const MAIN_FALLBACK = 'package main\n\nimport (\n\t"net/http"\n\t_ "golang.org/x/crypto/x509roots/fallback"\n)\n\nfunc main() { http.Get("https://example.com") }\n';
const files = (main: string) => ({ 'go.mod': 'module example.com/x\n\ngo 1.22.5\n', 'main.go': main });
const findings = (text: string, main = MAIN_HTTP) => lintText(text, { path: 'Dockerfile', files: files(main) }).reports.filter((r) => r.id === 'DF018');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile', files: files(MAIN_HTTP) }, 'DF018');
const build = (image = 'golang:1.22.5-bookworm') => `FROM ${image.replace(/\n|$/, ' AS build$&')}\nRUN go build -o /app .\n`;

describe('DF018 edge cases', () => {
  it.each([
    ['not ok: scratch with only the binary', 'FROM scratch\nCOPY --from=build /app /app', 1],
    ['not ok: a stage built on scratch', 'FROM scratch AS base\nFROM base\nCOPY --from=build /app /app', 1],
    ['not ok: SSL_CERT_FILE naming a file never copied', 'FROM scratch\nENV SSL_CERT_FILE=/certs/ca.pem\nCOPY --from=build /app /app', 1],
    ['ok: the bundle copied into /etc/ssl/certs/', 'FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 0],
    ['ok: the whole certs folder', 'FROM scratch\nCOPY --from=build /etc/ssl/certs /etc/ssl/certs', 0],
    ['ok: the Alpine path /etc/ssl/cert.pem', 'FROM scratch\nCOPY --from=build /etc/ssl/cert.pem /etc/ssl/cert.pem', 0],
    ['ok: SSL_CERT_FILE naming a copied file', 'FROM scratch\nENV SSL_CERT_FILE=/certs/ca.pem\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /certs/ca.pem', 0],
    ['ok: SSL_CERT_DIR naming a copied folder', 'FROM scratch\nENV SSL_CERT_DIR=/certs\nCOPY certs/ /certs/', 0],
    ['ok: the bundle in the stage it builds on', 'FROM scratch AS base\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nFROM base', 0],
    ['ok: distroless has certificates', 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app', 0],
  ])('%s', (_name, final, count) => {
    expect(findings(`${build()}${final}\n`)).toHaveLength(count);
  });

  it('stays quiet when the program imports nothing that speaks TLS, or embeds fallback roots', () => {
    const text = `${build()}FROM scratch\nCOPY --from=build /app /app\n`;
    expect(findings(text, MAIN_PLAIN)).toHaveLength(0);
    expect(findings(text, MAIN_FALLBACK)).toHaveLength(0);
  });

  it('is only info when there are no Go sources to tell', () => {
    const report = lintText(`${build()}FROM scratch\nCOPY --from=build /app /app\n`, { path: 'Dockerfile' }).reports.find((r) => r.id === 'DF018')!;
    expect(report.severity).toBe('info');
  });

  it.each([
    ['golang (Debian)', 'golang:1.22.5-bookworm', true],
    ['golang alpine (installs ca-certificates)', 'golang:1.22.5-alpine', true],
    ['debian that installs ca-certificates', 'debian:bookworm\nRUN apt-get update && apt-get install -y ca-certificates', true],
    ['debian without ca-certificates', 'debian:bookworm', false],
  ])('copies the bundle from a %s builder: %s', (_name, image, fixable) => {
    const text = `${build(image)}FROM scratch\nCOPY --from=build /app /app\n`;
    const fixed = fix(text);
    if (fixable) expect(fixed).toBe(`${build(image)}FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\n`);
    else expect(fixed).toBe(text);
  });

});
