/**
 * Quickstart cdktf app: one stack, `quickstart`.
 *
 *   npm run build && cd examples/quickstart
 *   WORKOS_BASE_URL=… WORKOS_API_KEY=… npx cdktf deploy quickstart
 *
 * Point WORKOS_BASE_URL at a local control plane (`workos-rbac server`) to try it without a
 * WorkOS account. Install the provider first (`workos-rbac provider install`, see the README):
 * it comes from a local mirror, not from the registry.
 */
import { App } from 'cdktf';
import { QuickstartStack } from './stack';

const app = new App();
new QuickstartStack(app, 'quickstart');
app.synth();
