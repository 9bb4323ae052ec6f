// server/src/docker/connection.ts without an engine (test/docker/ holds the Docker suite, hence this folder's name).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cliEnv, DockerError, dockerodeOptions, explainDockerError, resolveEndpoint, type DockerEndpoint, type EndpointInputs } from '../../server/src/docker/connection';

const HOME = '/home/me';

function inputs(files: Record<string, string>, more: Partial<EndpointInputs> = {}): EndpointInputs {
  return { env: {}, homeDir: HOME, platform: 'linux', readFile: (p) => files[p], exists: (p) => p in files, ...more };
}

const sha = (name: string) => createHash('sha256').update(name).digest('hex');
const meta = (name: string, host: string, dir = `${HOME}/.docker`) => ({
  [`${dir}/contexts/meta/${sha(name)}/meta.json`]: JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
});

function thrown(fn: () => unknown): DockerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DockerError);
    return error as DockerError;
  }
  throw new Error('did not throw');
}

describe('endpoint resolution, in the Docker CLI order', () => {
  const context = { [`${HOME}/.docker/config.json`]: '{"currentContext":"remote"}', ...meta('remote', 'ssh://deploy@build.example:2222') };

  it('takes the godock.docker.host setting over everything else', () => {
    expect(resolveEndpoint(inputs(context, { setting: 'tcp://10.0.0.5:2375', env: { DOCKER_HOST: 'unix:///x.sock' } }))).toEqual({ host: 'tcp://10.0.0.5:2375', source: 'setting' });
  });

  it('takes DOCKER_HOST over the current context, with TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    expect(resolveEndpoint(inputs(context, { env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }))).toEqual({
      host: 'tcp://h:2376',
      source: 'DOCKER_HOST',
      tls: { certPath: '/certs', skipVerify: false },
    });
    // The CLI's default cert path is the config folder.
    expect(resolveEndpoint(inputs({}, { env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' } })).tls?.certPath).toBe(`${HOME}/.docker`);
  });

  it('reads the current context from config.json and its endpoint from the metadata stored under the sha256 of its name', () => {
    expect(resolveEndpoint(inputs(context))).toEqual({ host: 'ssh://deploy@build.example:2222', source: 'context', context: 'remote' });
  });

  it('lets DOCKER_CONTEXT pick the context, and DOCKER_CONFIG move the config folder', () => {
    const files = { '/cfg/config.json': '{"currentContext":"remote"}', ...meta('colima', 'unix:///home/me/.colima/default/docker.sock', '/cfg') };
    expect(resolveEndpoint(inputs(files, { env: { DOCKER_CONFIG: '/cfg', DOCKER_CONTEXT: 'colima' } })).host).toBe('unix:///home/me/.colima/default/docker.sock');
  });

  it("uses a context's TLS material when it has some", () => {
    const files = { [`${HOME}/.docker/config.json`]: '{"currentContext":"prod"}', ...meta('prod', 'tcp://prod:2376'), [`${HOME}/.docker/contexts/tls/${sha('prod')}/docker/ca.pem`]: 'CA' };
    expect(resolveEndpoint(inputs(files)).tls).toEqual({ certPath: `${HOME}/.docker/contexts/tls/${sha('prod')}/docker`, skipVerify: false });
  });

  it('falls back to the platform socket: /var/run/docker.sock, Docker Desktop’s user socket, the Windows pipe', () => {
    expect(resolveEndpoint(inputs({ [`${HOME}/.docker/config.json`]: '{"currentContext":"default"}' }))).toEqual({ host: 'unix:///var/run/docker.sock', source: 'default' });
    expect(resolveEndpoint(inputs({ [`${HOME}/.docker/run/docker.sock`]: '' })).host).toBe(`unix://${HOME}/.docker/run/docker.sock`);
    expect(resolveEndpoint(inputs({}, { platform: 'win32' })).host).toBe('npipe:////./pipe/docker_engine');
  });

  it.each([
    ['a context that does not exist', inputs({ [`${HOME}/.docker/config.json`]: '{"currentContext":"gone"}' }), 'no-context', /docker context "gone".*does not exist.*docker context use default/],
    ['an unparsable config.json', inputs({ [`${HOME}/.docker/config.json`]: '{"currentContext": ' }), 'bad-config', /Cannot read the Docker CLI config \/home\/me\/.docker\/config.json/],
    ['a setting that is no endpoint', inputs({}, { setting: 'docker.local' }), 'bad-host', /godock.docker.host.*"docker.local" is not a Docker endpoint/],
    ['an unknown scheme', inputs({}, { env: { DOCKER_HOST: 'http://h:2375' } }), 'bad-host', /DOCKER_HOST "http:\/\/h:2375" uses a scheme/],
  ])('%s gives one actionable message', (_, given, problem, message) => {
    const error = thrown(() => resolveEndpoint(given));
    expect(error.problem).toBe(problem);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('reads host:port without a scheme as tcp, as the CLI does', () => {
    expect(resolveEndpoint(inputs({}, { setting: 'localhost:2375' })).host).toBe('tcp://localhost:2375');
  });
});

describe('dockerode options and the CLI environment', () => {
  it('sets every transport key, so a DOCKER_HOST in the environment cannot override the chosen endpoint', () => {
    const options = dockerodeOptions({ host: 'unix:///run/user/1000/docker.sock', source: 'setting' }, () => Buffer.from(''));
    expect(options).toMatchObject({ socketPath: '/run/user/1000/docker.sock' });
    expect(Object.keys(options)).toEqual(expect.arrayContaining(['host', 'port']));
    expect(options.host).toBeUndefined();
  });

  it('speaks ssh with the user and port of the URL and the ssh agent', () => {
    expect(dockerodeOptions({ host: 'ssh://deploy@build.example:2222', source: 'context' }, () => Buffer.from(''), { SSH_AUTH_SOCK: '/tmp/agent' })).toMatchObject({
      protocol: 'ssh',
      host: 'build.example',
      port: 2222,
      username: 'deploy',
      sshOptions: { agent: '/tmp/agent' },
    });
  });

  it('reads the TLS files of the endpoint, and says which file is missing', () => {
    const files: Record<string, string> = { '/c/ca.pem': 'CA', '/c/cert.pem': 'CERT', '/c/key.pem': 'KEY' };
    const read = (p: string) => {
      if (!(p in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return Buffer.from(files[p]);
    };
    const endpoint: DockerEndpoint = { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { certPath: '/c', skipVerify: false } };
    expect(dockerodeOptions(endpoint, read)).toMatchObject({ protocol: 'https', host: 'h', port: 2376, ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY') });
    delete files['/c/ca.pem'];
    expect(thrown(() => dockerodeOptions(endpoint, read)).message).toBe('TLS for tcp://h:2376: no ca.pem in /c; put the engine\'s certificates there (DOCKER_CERT_PATH), or set `godock.docker.host`.');
  });

  it('hands the resolved endpoint to the Compose CLI and drops a conflicting context', () => {
    const env = cliEnv({ host: 'tcp://h:2376', source: 'context', context: 'prod', tls: { certPath: '/c', skipVerify: false } }, { PATH: '/bin', DOCKER_CONTEXT: 'prod' });
    expect(env).toEqual({ PATH: '/bin', DOCKER_HOST: 'tcp://h:2376', DOCKER_CERT_PATH: '/c', DOCKER_TLS_VERIFY: '1' });
  });
});

describe('errors become one message naming the endpoint and the way out', () => {
  const socket: DockerEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default' };
  const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    ['ENOENT', socket, 'not-running', 'Docker is not running at unix:///var/run/docker.sock: start Docker (Docker Desktop, or `sudo systemctl start docker`), or set `godock.docker.host` to the engine you use.'],
    ['ECONNREFUSED', { host: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' }, 'not-running', 'Docker is not running at tcp://10.0.0.5:2375 (DOCKER_HOST): start the engine there, or set `godock.docker.host` to the engine you use.'],
    ['EACCES', socket, 'permission', 'Permission denied on unix:///var/run/docker.sock: add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again), or set `godock.docker.host`.'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', { host: 'tcp://h:2376', source: 'context', context: 'prod' }, 'tls', 'TLS with tcp://h:2376 (docker context "prod") failed (DEPTH_ZERO_SELF_SIGNED_CERT): check the certificates in DOCKER_CERT_PATH or the context, and that the engine expects TLS.'],
    ['ECONNREFUSED', { host: 'ssh://me@box', source: 'setting' }, 'ssh', 'Cannot reach ssh://me@box (`godock.docker.host`) over ssh (ECONNREFUSED): check the host name and port, and that sshd runs there.'],
  ] as [string, DockerEndpoint, string, string][])('%s at %j', (code, endpoint, problem, message) => {
    const error = explainDockerError(errno(code), endpoint);
    expect(error).toMatchObject({ problem, message, actions: ['Retry', 'Open Settings'] });
  });

  it('explains an ssh authentication failure', () => {
    const error = explainDockerError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), { host: 'ssh://me@box', source: 'setting' });
    expect(error.message).toMatch(/^ssh to ssh:\/\/me@box .* was refused: add your key to the ssh agent/);
  });

  it("passes the Engine's own message for anything else", () => {
    const error = explainDockerError(Object.assign(new Error('(HTTP code 404) no such container - No such container: abc'), { statusCode: 404, json: { message: 'No such container: abc' } }), socket);
    expect(error).toMatchObject({ problem: 'engine', message: 'Docker at unix:///var/run/docker.sock: No such container: abc' });
  });
});
