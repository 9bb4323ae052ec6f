import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Severity } from './rule';

export type RuleSetting = Severity | 'off';

/** User choices: a severity (or `off`) per rule id, and the size above which a file is not analysed. */
export interface Config {
  rules: Record<string, RuleSetting>;
  /** In characters; a bigger file gets one info diagnostic instead of an analysis. */
  maxFileSize?: number;
}

/** Real Dockerfiles and compose files are a few kilobytes; a megabyte is generated text or a mistake. */
export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

export const CONFIG_FILE = '.godock.json';
const SETTINGS: RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export class ConfigError extends Error {}

/** Validates a parsed config object, naming the bad entry and the accepted values. */
export function parseConfig(value: unknown, source: string): Config {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${source}: expected an object such as {"rules": {"DF009": "off"}, "maxFileSize": 1000000}`);
  const rules = (value as { rules?: unknown }).rules ?? {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new ConfigError(`${source}: "rules" must map rule ids to one of ${SETTINGS.join(', ')}`);
  for (const [id, setting] of Object.entries(rules)) {
    if (!SETTINGS.includes(setting as RuleSetting)) throw new ConfigError(`${source}: rule ${id} is set to ${JSON.stringify(setting)}; use one of ${SETTINGS.join(', ')}`);
  }
  const maxFileSize = (value as { maxFileSize?: unknown }).maxFileSize;
  if (maxFileSize !== undefined && (typeof maxFileSize !== 'number' || !Number.isInteger(maxFileSize) || maxFileSize <= 0)) {
    throw new ConfigError(`${source}: "maxFileSize" is ${JSON.stringify(maxFileSize)}; use a whole number of characters such as 1000000`);
  }
  return { rules: rules as Record<string, RuleSetting>, ...(maxFileSize !== undefined ? { maxFileSize } : {}) };
}

/**
 * The nearest `.godock.json` from `dir` upwards, not above `root` when one is given (the workspace folder).
 * Returns undefined when there is none; throws ConfigError when it cannot be read as a config.
 */
export function findConfigFile(dir: string, root?: string): { path: string; config: Config } | undefined {
  for (let current = nodePath.resolve(dir); ; current = nodePath.dirname(current)) {
    const path = nodePath.join(current, CONFIG_FILE);
    let text: string | undefined;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
      }
      return { path, config: parseConfig(json, path) };
    }
    if ((root && current === nodePath.resolve(root)) || current === nodePath.dirname(current)) return undefined;
  }
}

/** Later configs win: editor settings first, then the project's `.godock.json`. */
export function mergeConfigs(...configs: (Config | undefined)[]): Config {
  const maxFileSize = configs.reduce<number | undefined>((size, c) => c?.maxFileSize ?? size, undefined);
  return { rules: Object.assign({}, ...configs.map((c) => c?.rules ?? {})), ...(maxFileSize !== undefined ? { maxFileSize } : {}) };
}
