// Integration tests inside the real extension host: test/ui/exthost/tests/*.cjs, using the vscode API.
import { exthost } from '../lib/scenario.mjs';

exthost('extension host: diagnostics, code actions, settings, restart and hovers through the vscode API', {
  workspace: {
    'hello-api': 'examples/hello-api',
    'dev-compose': 'examples/dev-compose',
    'compose-debug': 'test/ui/workspaces/compose-debug',
  },
  tests: 'test/ui/exthost/index.cjs',
});
