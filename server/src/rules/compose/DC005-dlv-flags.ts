/** DC005 — a headless Delve command line that cannot work as meant in a container, one finding per problem. */
import { isScalar } from 'yaml';
import { defineRule, type Fix } from '../../engine/rule';
import type { Service } from '../../model/types';
import {
  delveBool, delveFlag, delveMistake, delveServers, findingRange, fixIn, insertWordAfter, insertWordBefore, listenAddress, replaceWord,
  serviceRun, where, type DelveCommand, type DelveFlag,
} from '../devLoop';

interface Data {
  fix?: () => Fix | undefined;
}

/** True when the service publishes a container port (`ports:` target), so it is meant to be reached from outside. */
function publishes(service: Service, port: string): boolean {
  return service.ports.some((p) => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(p.target.trim());
    return match !== null && Number(port) >= Number(match[1]) && Number(port) <= Number(match[2] ?? match[1]);
  });
}

/**
 * The flag written back with a new name (`--addr` → `--listen`) or value (`null` drops it: `--headless=false` →
 * `--headless`), keeping the rest as written: `-l` stays `-l`, a value apart stays apart.
 */
function rewrite(dlv: DelveCommand, flag: DelveFlag, change: { name?: string; value?: string | null }) {
  const written = change.name ? `--${change.name}` : /^-[^=]*/.exec(flag.word.value)![0];
  const value = change.value === null ? undefined : change.value ?? flag.value;
  if (flag.valueWord) {
    const edits = written === flag.word.value ? [] : [replaceWord(dlv.command, flag.word, written)];
    if (value !== undefined && value !== flag.valueWord.value) edits.push(replaceWord(dlv.command, flag.valueWord, value));
    return edits;
  }
  return [replaceWord(dlv.command, flag.word, value === undefined ? written : `${written}=${value}`)];
}

export default defineRule<Data>({
  id: 'DC005',
  name: 'dlv-flags',
  title: 'Correct the Delve flags',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      const network = service.get(['network_mode']);
      const hostNetwork = isScalar(network) && network.value === 'host';
      for (const dlv of delveServers(serviceRun(compose, service, workspace))) {
        const cmd = dlv.command;
        const at = (word = cmd.words[0]) => findingRange(compose, service, cmd, word);
        const fixed = (title: string, edits: ReturnType<typeof rewrite>) => () => fixIn(cmd.file, { title, edits, preferred: true });
        const prefix = `Service "${service.name}": Delve`;
        const suffix = where(cmd);

        // A misspelt flag (`--addr=:2345`, `-headless`) is reported here, and its fix gives what is missing.
        const misspelt = (name: string) => dlv.flags.some((f) => !f.known && delveMistake(f.name) === name);
        const listen = delveFlag(dlv, 'listen');
        for (const flag of dlv.flags.filter((f) => !f.known)) {
          const meant = delveMistake(flag.name);
          const written = flag.word.value.replace(/=.*$/s, '');
          // `-headless` without a listen address: the corrected command also needs one (the check below would ask next).
          const addListen = meant === 'headless' && !listen && !misspelt('listen') && (flag.value === undefined || flag.value === 'true');
          const edits = meant ? rewrite(dlv, flag, { name: meant }) : [];
          if (addListen) edits.push(insertWordAfter(cmd, flag.word, '--listen=:2345'));
          report({
            range: at(flag.word),
            message: `${prefix} has no flag ${written}${suffix}: it refuses to start on an unknown flag${meant ? `; the flag is --${meant}` : ''}`,
            data: { fix: meant ? fixed(`Replace ${written} with --${meant}${addListen ? ' and add --listen=:2345' : ''}`, edits) : undefined },
          });
        }

        const headless = delveFlag(dlv, 'headless');
        const address = listen?.value !== undefined ? listenAddress(listen.value) : undefined;
        if (listen && address?.loopback && !hostNetwork && publishes(service, address.port)) {
          report({
            range: at(listen.word),
            message: `${prefix} listens on ${listen.value} inside the container${suffix}: the published port ${address.port} cannot reach a loopback address`,
            data: { fix: fixed(`Listen on :${address.port}`, rewrite(dlv, listen, { value: `:${address.port}` })) },
          });
        }
        if (dlv.sub === 'dap') continue;

        if (listen && !delveBool(dlv, 'headless') && !misspelt('headless')) {
          const edits = headless ? rewrite(dlv, headless, { value: null }) : [insertWordBefore(cmd, listen.word, '--headless')];
          report({
            range: at(listen.word),
            message: `${prefix} has --listen but not --headless${suffix}: it starts its terminal client instead of a debug server, and exits when there is no terminal`,
            data: { fix: fixed('Add --headless', edits) },
          });
        }
        if (!listen && !misspelt('listen') && headless && delveBool(dlv, 'headless')) {
          report({
            range: at(headless.word),
            message: `${prefix} runs headless without --listen${suffix}: it listens on a random port of 127.0.0.1, which nothing outside the container can reach`,
            data: { fix: fixed('Add --listen=:2345', [insertWordAfter(cmd, headless.word, '--listen=:2345')]) },
          });
        }
        const go = delveFlag(dlv, 'continue');
        if (go && delveBool(dlv, 'continue') && !delveBool(dlv, 'accept-multiclient') && !misspelt('accept-multiclient')) {
          const multi = delveFlag(dlv, 'accept-multiclient');
          report({
            range: at(go.word),
            message: `${prefix} has --continue without --accept-multiclient${suffix}: it exits with "Error: --continue requires --accept-multiclient"`,
            data: { fix: fixed('Add --accept-multiclient', multi ? rewrite(dlv, multi, { value: null }) : [insertWordAfter(cmd, go.word, '--accept-multiclient')]) },
          });
        }
        const api = delveFlag(dlv, 'api-version');
        if (api?.value === '1') {
          report({
            range: at(api.word),
            message: `${prefix} serves JSON-RPC API version 1${suffix}: \`dlv connect\`, GoLand and vscode-go's legacy adapter speak version 2`,
            data: { fix: fixed('Use --api-version=2', rewrite(dlv, api, { value: '2' })) },
          });
        }
      }
    }
  },
  fix({ data }) {
    return data?.fix?.();
  },
});
