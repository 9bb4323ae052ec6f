import { describe, expect, it } from 'vitest';
import { MAX_RESTARTS, RESTART_WINDOW_MS, ServerRestarts } from '../../client/src/serverRestarts';

describe('ServerRestarts', () => {
  it('restarts a crashed server four times in three minutes, then leaves it stopped and says how to start it', () => {
    const restarts = new ServerRestarts();
    for (let crash = 0; crash < MAX_RESTARTS; crash++) expect(restarts.closed(crash * 1000)).toEqual({ restart: true });
    const fifth = restarts.closed(MAX_RESTARTS * 1000);
    expect(fifth.restart).toBe(false);
    expect(fifth.restart === false && fifth.message).toMatch(/stopped 5 times in the last 3 minutes.*Godock: Restart Language Server/);
  });

  it('forgets crashes older than three minutes: a server that crashes now and then is always restarted', () => {
    const restarts = new ServerRestarts();
    for (let crash = 0; crash < 20; crash++) expect(restarts.closed(crash * (RESTART_WINDOW_MS / 3))).toEqual({ restart: true });
  });
});
