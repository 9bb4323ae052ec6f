/** DC003 — Delve's port published on every interface: Delve has no authentication, so anyone who reaches it runs code. */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { PortEntry } from '../../model/types';
import { delveFlag, delveServers, listenAddress, serviceRun } from '../devLoop';
import { appendMapEntries, replaceScalar } from '../yamlEdit';

/** Delve's conventional port: the one the editors' attach configurations default to. */
const DELVE_PORT = 2345;

interface Data {
  port: PortEntry;
}

/** True when a port spec (`2345`, `2340-2350`) includes the port. */
function includes(spec: string | undefined, port: number): boolean {
  const match = /^(\d+)(?:-(\d+))?$/.exec(spec?.trim() ?? '');
  if (!match) return false;
  const low = Number(match[1]);
  return port >= low && port <= Number(match[2] ?? low);
}

/**
 * A short-syntax port as `[host_ip:][published:]target[/protocol]`, where `:` inside `${VAR:-default}` does
 * not separate (the model's port reading splits there).
 */
function shortPort(port: PortEntry): PortEntry {
  if (!isScalar(port.node)) return port;
  const [spec, protocol] = String(port.node.value).split('/');
  const parts = spec.startsWith('[') ? [spec.slice(0, spec.indexOf(']') + 1), ...spec.slice(spec.indexOf(']') + 2).split(/:(?![^{]*\})/)] : spec.split(/:(?![^{]*\})/);
  const [hostIp, published, target] = parts.length >= 3 ? parts : parts.length === 2 ? [undefined, ...parts] : [undefined, undefined, parts[0]];
  return { ...port, hostIp, published, target: target ?? '', protocol };
}

/** Empty, `0.0.0.0` or `::`: every interface of the host. */
function everyInterface(hostIp: string | undefined): boolean {
  const ip = (hostIp ?? '').replace(/^\[|\]$/g, '');
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

export default defineRule<Data>({
  id: 'DC003',
  name: 'dlv-port-public',
  title: 'Publish the Delve port on 127.0.0.1 only',
  severity: 'error',
  security: true,
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      if (service.ports.length === 0) continue;
      const listen = delveServers(serviceRun(compose, service, workspace))
        .map((d) => listenAddress(delveFlag(d, 'listen')?.value ?? '')?.port)
        .filter((p): p is string => p !== undefined)
        .map(Number);
      // A Delve listening elsewhere makes 2345 just another port.
      const ports = listen.length > 0 ? listen : [DELVE_PORT];
      for (const port of service.ports.map(shortPort)) {
        const delve = ports.find((p) => includes(port.target, p));
        if (delve === undefined || !everyInterface(port.hostIp) || (port.protocol && port.protocol !== 'tcp')) continue;
        const written = isScalar(port.node) ? `"${String(port.node.value)}"` : `target ${port.target}`;
        const how = listen.includes(delve) ? `Delve's port ${delve}` : `port ${delve}, Delve's default port,`;
        report({
          range: compose.rangeOf(port.node),
          message: `Service "${service.name}" publishes ${how} on every network interface (${written}): Delve has no authentication, so anyone who can reach this machine can run code in the container`,
          data: { port },
        });
      }
    }
  },
  fix({ data }, { compose }) {
    if (!data) return undefined;
    const { port } = data;
    const title = 'Publish it on 127.0.0.1 only';
    if (isScalar(port.node)) {
      const value = `127.0.0.1:${port.published || port.target}:${port.target}${port.protocol ? `/${port.protocol}` : ''}`;
      return { title, edits: [replaceScalar(compose, port.node, value)], preferred: true };
    }
    if (!isMap(port.node)) return undefined;
    const hostIp = (port.node as YAMLMap).get('host_ip', true) as Node | undefined;
    const edits = hostIp ? [replaceScalar(compose, hostIp, '127.0.0.1')] : appendMapEntries(compose, port.node, [{ key: 'host_ip', value: '127.0.0.1' }]);
    return edits ? { title, edits, preferred: true } : undefined;
  },
});
