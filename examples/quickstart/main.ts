/**
 * Quickstart cdktf app: one stack, `quickstart`.
 *
 *   npm run build && cd examples/quickstart
 *   WORKOS_BASE_URL=… WORKOS_API_KEY=… npx cdktf deploy quickstart --skip-provider-lock
 *
 * Point WORKOS_BASE_URL at a local control plane (`workos-rbac server`) to try it without a
 * WorkOS account. `--skip-provider-lock` because the provider is installed locally, not
 * published (see `workos-rbac provider install`).
 */
import { App } from 'cdktf';
import { QuickstartStack } from './stack';

const app = new App();
new QuickstartStack(app, 'quickstart');
app.synth();
