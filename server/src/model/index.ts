import * as nodePath from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAir, type AirConfig } from './air';
import { parseCompose } from './compose';
import { parseDockerfile } from './dockerfile';
import { RecentMap } from './recentMap';
import type { Model } from './types';

export type DocumentKind = 'dockerfile' | 'compose' | 'air';

/** Every kind of document Godock opens: the two it lints with rules, and air configs (syntax and keys only). */
export type DocumentModel = Model | AirConfig;

/** Which kind of file a path or language id is, the way VS Code's file associations and Docker name them. */
export function documentKind(path: string, languageId?: string): DocumentKind | undefined {
  const name = nodePath.basename(path).toLowerCase();
  if (languageId === 'dockerfile') return 'dockerfile';
  if (/^(docker-)?compose.*\.ya?ml$/.test(name) || /\.compose\.ya?ml$/.test(name)) return 'compose';
  if (languageId === 'dockercompose') return 'compose';
  if (/^(dockerfile|containerfile)([.-].*)?$/.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  if (/^\.?air(\.[\w-]+)?\.toml$/.test(name)) return 'air';
  return undefined;
}

export function parseModel(kind: DocumentKind, document: TextDocument, path?: string): DocumentModel {
  if (kind === 'air') return parseAir(document, path);
  return kind === 'dockerfile' ? parseDockerfile(document, path) : parseCompose(document, path);
}

/** How many documents keep their parse and analysis between requests. */
export const RECENT_DOCUMENTS = 16;

/** Parsed models keyed by `uri@version`: every rule of one lint shares one parse. */
export class ModelCache {
  private readonly models = new RecentMap<string, { version: number; model: DocumentModel }>(RECENT_DOCUMENTS);

  get(kind: DocumentKind, document: TextDocument, path?: string): DocumentModel {
    const cached = this.models.get(document.uri);
    if (cached && cached.version === document.version && cached.model.document === document) return cached.model;
    const model = parseModel(kind, document, path);
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }
}
