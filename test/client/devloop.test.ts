import { describe, expect, it } from 'vitest';
import {
  airEvent,
  devProjectName,
  devTarget,
  INITIAL,
  isImageBuildFailure,
  mapBuildErrors,
  menuItems,
  parseBuildErrors,
  reduce,
  shellArgs,
  statusText,
  toHostPath,
  type LoopEvent,
  type LoopState,
} from '../../client/src/devloop/core';

const DEV_COMPOSE = `services:
  db:
    image: postgres:16
  dev:
    build: { context: .., dockerfile: .devcontainer/Dockerfile }
    working_dir: /workspaces/shop
    command: air -c .air.toml
    volumes:
      - ..:/workspaces/shop:cached
`;

const run = (events: LoopEvent[], from: LoopState = INITIAL) => events.reduce(reduce, from);
const log = (...lines: string[]): LoopEvent[] => lines.map((line) => ({ type: 'log', line }));

describe('the dev target', () => {
  it('is the service whose bind mount holds the workspace, with the mapping', () => {
    expect(devTarget(DEV_COMPOSE, '/home/me/shop/.devcontainer/compose.yaml', '/home/me/shop')).toEqual({
      composeFile: '/home/me/shop/.devcontainer/compose.yaml',
      project: 'shop_devcontainer',
      service: 'dev',
      runsAir: true,
      mount: { from: '/home/me/shop', to: '/workspaces/shop' },
    });
  });

  it('falls back to a service named dev, then the first, without a mapping', () => {
    expect(devTarget('services:\n  api:\n    image: x\n  dev:\n    image: y\n', '/w/compose.yaml', '/w')).toEqual({ composeFile: '/w/compose.yaml', project: 'w', service: 'dev', runsAir: false });
    expect(devTarget('services:\n  api:\n    image: x\n', '/w/compose.yaml', '/w')?.service).toBe('api');
    expect(devTarget('services: {}\n', '/w/compose.yaml', '/w')).toBeUndefined();
  });
});

describe('the Compose project of the dev loop', () => {
  it.each([
    ['/home/me/Shop API/.devcontainer/compose.yaml', 'services: {}', {}, 'shopapi_devcontainer'],
    ['/home/me/shop/.devcontainer/compose.yaml', 'name: shop-dev\nservices: {}', {}, 'shop-dev'],
    ['/home/me/shop/.devcontainer/compose.yaml', 'services: {}', { COMPOSE_PROJECT_NAME: 'mine' }, 'mine'],
    ['/home/me/shop/compose.yaml', 'services: {}', {}, 'shop'],
  ])('%s (%j, %j) → %s', (file, text, env, project) => {
    const folder = file.replace(/\/(\.devcontainer\/)?compose\.yaml$/, '');
    expect(devProjectName(text, file, folder, env)).toBe(project);
  });
});

describe("air's log", () => {
  it.each([
    ['building...', 'building'],
    ['[15:04:05] building...', 'building'],
    ['\x1b[33mrunning...\x1b[0m', 'running'],
    ['failed to build, error: exit status 1', 'failed'],
    ['main.go has changed', 'changed'],
    ['watching .', undefined],
    ['building... done', undefined],
  ])('%j → %s', (line, event) => {
    expect(airEvent(line)).toBe(event);
  });

  it('reads go build errors with and without a column, continuation lines included, headers and noise left out', () => {
    const output = [
      '# example.com/shop',
      './main.go:12:3: undefined: greet',
      "./main.go:14:9: cannot use n (variable of type int) as string value in return statement",
      'internal/orders/orders.go:7: syntax error: unexpected newline',
      '\thave (int)',
      '\twant (string)',
      '/go/pkg/mod/example.com/dep@v1.0.0/dep.go:3:1: missing return',
      'exit status 1',
    ];
    expect(parseBuildErrors(output)).toEqual([
      { file: './main.go', line: 12, column: 3, message: 'undefined: greet' },
      { file: './main.go', line: 14, column: 9, message: 'cannot use n (variable of type int) as string value in return statement' },
      { file: 'internal/orders/orders.go', line: 7, message: 'syntax error: unexpected newline\nhave (int)\nwant (string)' },
      { file: '/go/pkg/mod/example.com/dep@v1.0.0/dep.go', line: 3, column: 1, message: 'missing return' },
    ]);
  });

  it('maps container paths to the host through the mount and leaves out files outside it', () => {
    const mount = { from: '/home/me/shop', to: '/workspaces/shop' };
    expect(toHostPath('./main.go', '/workspaces/shop', mount)).toBe('/home/me/shop/main.go');
    expect(toHostPath('orders.go', '/workspaces/shop/internal/orders', mount)).toBe('/home/me/shop/internal/orders/orders.go');
    expect(toHostPath('../shop2/x.go', '/workspaces/shop', mount)).toBeUndefined();
    expect(toHostPath('/go/pkg/mod/dep.go', '/workspaces/shop', mount)).toBeUndefined();
    const errors = parseBuildErrors(['./main.go:1:1: a', '/go/pkg/mod/dep.go:3:1: b']);
    expect(mapBuildErrors(errors, '/workspaces/shop', mount).map((e) => e.hostFile)).toEqual(['/home/me/shop/main.go']);
    expect(mapBuildErrors(errors, '/workspaces/shop', undefined)).toEqual([]);
  });
});

describe('the loop state', () => {
  it('goes building → running through compose up and air’s first build', () => {
    let state = run([{ type: 'compose', action: 'up' }]);
    expect(state.phase).toBe('building');
    state = run([{ type: 'composeDone', action: 'up', awaitAir: true }], state);
    expect(state).toMatchObject({ phase: 'building', detail: 'air is building' });
    state = run(log('watching .', 'building...'), state);
    expect(state.phase).toBe('building');
    state = run(log('running...', 'API server listening at: [::]:2345'), state);
    expect(state).toMatchObject({ phase: 'running', errors: [] });
  });

  it("believes air when its log overtakes the end of a restart", () => {
    const state = run([{ type: 'compose', action: 'restart' }, ...log('building...', 'running...'), { type: 'composeDone', action: 'restart', awaitAir: true }]);
    expect(state.phase).toBe('running');
  });

  it('is running as soon as compose is done for a service without air', () => {
    expect(run([{ type: 'compose', action: 'up' }, { type: 'composeDone', action: 'up' }]).phase).toBe('running');
  });

  it("fails with air's errors, and clears them when the next build succeeds", () => {
    const failed = run([{ type: 'composeDone', action: 'up' }, ...log('building...', '# example.com/shop', './main.go:5:2: undefined: x', 'failed to build, error: exit status 1')]);
    expect(failed).toMatchObject({ phase: 'buildFailed', errors: [{ file: './main.go', line: 5, column: 2, message: 'undefined: x' }], detail: 'failed to build, error: exit status 1' });
    const again = run(log('main.go has changed', 'building...'), failed);
    expect(again.phase).toBe('building');
    expect(again.errors).toHaveLength(1); // still on screen while the fix builds
    expect(run(log('running...'), again)).toMatchObject({ phase: 'running', errors: [] });
  });

  it('does not read program output as build errors', () => {
    const state = run([{ type: 'composeDone', action: 'up' }, ...log('building...', 'running...', 'handler.go:3:1: this is my program logging')]);
    expect(run(log('failed to build, error: exit status 1'), { ...state, phase: 'running' }).errors).toEqual([]);
  });

  it('shows debugging on top of running, and back', () => {
    const running = run([{ type: 'composeDone', action: 'up' }, { type: 'debugging', active: true }]);
    expect(statusText(running, 'dev')).toMatchObject({ text: '$(debug-alt) Go dev: debugging', error: false });
    expect(statusText(run([{ type: 'debugging', active: false }], running), 'dev').text).toBe('$(pass) Go dev: running');
  });

  it('stops when the container dies, but not while compose replaces it', () => {
    const running = run([{ type: 'composeDone', action: 'up' }]);
    expect(run([{ type: 'containerDied', exitCode: 2 }], running)).toMatchObject({ phase: 'stopped', detail: 'the container exited with code 2' });
    expect(run([{ type: 'compose', action: 'up' }, { type: 'containerDied', exitCode: 0 }], running).phase).toBe('building');
  });

  it('stops, saying why, when Docker goes away mid-loop', () => {
    const lost = run([{ type: 'composeDone', action: 'up' }, { type: 'dockerLost', message: 'Docker is not running at unix:///var/run/docker.sock: start Docker' }]);
    expect(statusText(lost, 'dev')).toMatchObject({ text: '$(circle-slash) Go dev: stopped', tooltip: expect.stringContaining('Docker is not running at unix:///var/run/docker.sock') });
  });

  it('tells an image build failure from Docker being unreachable', () => {
    expect(isImageBuildFailure('docker-compose up failed: failed to build: failed to solve: executor failed running [/bin/sh -c go install …]: exit code: 1')).toBe(true);
    expect(isImageBuildFailure('Docker is not running at unix:///var/run/docker.sock: start Docker')).toBe(false);
    expect(run([{ type: 'compose', action: 'up' }, { type: 'composeFailed', message: 'm', imageBuild: true }]).phase).toBe('buildFailed');
    expect(run([{ type: 'compose', action: 'up' }, { type: 'composeFailed', message: 'Docker is not running', imageBuild: false }])).toMatchObject({ phase: 'stopped', detail: 'Docker is not running' });
  });

  it('says what failed in the status text, on the error background', () => {
    const failed = run([{ type: 'composeDone', action: 'up' }, ...log('building...', './main.go:5:2: undefined: x', './main.go:6:2: undefined: y', 'failed to build, error: exit status 1')]);
    expect(statusText(failed, 'dev')).toEqual({
      text: '$(error) Go dev: build failed',
      tooltip: 'Godock dev loop (service dev): build failed\nfailed to build, error: exit status 1\n2 build errors in the Problems panel\nClick for the dev loop commands',
      error: true,
    });
    expect(statusText(INITIAL, 'dev').text).toBe('$(circle-slash) Go dev: stopped');
  });

  it('offers Start first when stopped and the logs first otherwise', () => {
    expect(menuItems(INITIAL)[0].command).toBe('godock.startDevLoop');
    const running = run([{ type: 'composeDone', action: 'up' }]);
    expect(menuItems(running).map((i) => i.command)).toEqual(['godock.showDevLogs', 'godock.openDevShell', 'godock.restartDevLoop', 'godock.rebuildDevImage', 'godock.stopDevLoop']);
  });

  it('opens bash where the image has it, else sh, as one argument array', () => {
    expect(shellArgs('abc123')).toEqual(['exec', '-it', 'abc123', 'sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh']);
  });
});
