/**
 * The cdktf app the GitHub Actions workflow in this folder reviews and deploys: one stack,
 * `rbac` (see stack.ts and README.md).
 *
 *   npm run build && cd examples/github-actions
 *   WORKOS_BASE_URL=… WORKOS_API_KEY=… npx cdktf deploy rbac
 */
import { App } from 'cdktf';
import { ReviewedRbacStack } from './stack';

const app = new App();
new ReviewedRbacStack(app, 'rbac');
app.synth();
