/** DC001 — a host GOPATH mounted onto /go hides the modules and tools the image installed there. */
import { isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { Service, VolumeEntry } from '../../model/types';
import { declareVolumes, removeSeqItems, replaceSeqItem, volumeTargets } from '../yamlEdit';

/** `~/go`, `$HOME/go`, `${HOME}/go`, `$GOPATH`, `${GOPATH}`, `${GOPATH:-…}`, optionally with `/src` or `/pkg`. */
const HOST_GOPATH = /^(~\/go|\$\{?HOME\}?\/go|\$\{?GOPATH(:?-[^}]*)?\}?)\/?(src|pkg)?\/?$/;
const GOPATH_TARGETS = new Set(['/go', '/go/', '/go/src', '/go/src/', '/go/pkg', '/go/pkg/']);

export const CACHE_VOLUMES = [
  { name: 'gomod', target: '/go/pkg/mod' },
  { name: 'gobuild', target: '/root/.cache/go-build' },
];

interface Data {
  service: Service;
  volume: VolumeEntry;
}

export default defineRule<Data>({
  id: 'DC001',
  name: 'gopath-mount',
  title: 'Use named volumes for the Go caches instead of the host GOPATH',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, report }) {
    for (const service of compose.services) {
      for (const volume of service.volumes) {
        if (!volume.source || !volume.target || !HOST_GOPATH.test(volume.source) || !GOPATH_TARGETS.has(volume.target)) continue;
        report({
          range: compose.rangeOf(volume.node),
          message: `Service "${service.name}" mounts the host GOPATH ${volume.source} over ${volume.target}: it hides the image's modules and tools, and host binaries may not run in the container`,
          data: { service, volume },
        });
      }
    }
  },
  fix({ data }, { compose }) {
    if (!data) return undefined;
    const targets = volumeTargets(data.service.volumes);
    const wanted = CACHE_VOLUMES.filter((v) => !targets.has(v.target));
    const declare = declareVolumes(compose, wanted.map((v) => v.name));
    if (!declare) return undefined;
    const seq = data.service.volumesPair?.value;
    // Volumes merged in from an anchor (`<<: *common`) are shared with other services: no edit of the service's own.
    if (!isSeq(seq)) return undefined;
    // A copy of the same mount goes too: the fix removes what the finding names, not one of its lines.
    const { source, target } = data.volume;
    const copies = data.service.volumes
      .filter((v) => v !== data.volume && v.source === source && v.target === target && seq.items.includes(v.node))
      .map((v) => v.node);
    if (wanted.length === 0) {
      const edits = removeSeqItems(compose, seq, [data.volume.node, ...copies]);
      return { title: 'Remove the GOPATH mount (the cache volumes are already there)', edits, preferred: true };
    }
    const replace = replaceSeqItem(compose, seq, data.volume.node, wanted.map((v) => `${v.name}:${v.target}`));
    const edits = [...replace, ...removeSeqItems(compose, seq, copies), ...declare];
    return { title: 'Replace with named volumes for the module and build caches', edits, preferred: true };
  },
});
