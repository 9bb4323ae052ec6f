import * as fs from 'node:fs';
import type { FileSystem } from './workspace';

/** The workspace's files as they are on disk (the CLI; the server puts open editors in front of it). */
export const diskFileSystem: FileSystem = {
  readFile(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDir(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
    } catch {
      return [];
    }
  },
};
