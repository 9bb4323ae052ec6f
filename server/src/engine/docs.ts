import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';

let docsDir: string | undefined;

/**
 * The folder of the rule pages. They ship inside the extension and the npm package, so the link in a
 * diagnostic opens the page of the installed version, offline.
 */
export function rulesDocsDir(): string {
  if (docsDir) return docsDir;
  for (let dir = __dirname; ; dir = nodePath.dirname(dir)) {
    const candidate = nodePath.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return (docsDir = candidate);
    if (dir === nodePath.dirname(dir)) return (docsDir = nodePath.resolve(__dirname, '../../docs/rules'));
  }
}

/** Every diagnostic carries its rule's link: each is built once. */
const urls = new Map<string, string>();

export function docsUrl(id: string): string {
  let url = urls.get(id);
  if (!url) urls.set(id, (url = pathToFileURL(nodePath.join(rulesDocsDir(), `${id}.md`)).toString()));
  return url;
}
