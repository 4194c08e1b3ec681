/**
 * Resource access cdktf app: one stack, `resource-access`. The worked example of
 * docs/semantics.md:
 *  - resource types workspace → project; workspaces "Platform" and "Marketing", projects
 *    "API Backend" (under Platform) and "Website" (under Marketing);
 *  - Alice's organization-level role is `org-member`: the directory group "Engineering" maps
 *    to it, and it is the organization's default role (the local control plane has no IdP
 *    pushing her groups, so the default stands in for the mapping);
 *  - API assignments: `workspace-admin` on Platform, `project-editor` on API Backend. IdP
 *    group changes never touch these;
 *  - `workos_access_check` outputs: Alice can edit API Backend (several ways), can view
 *    Website (her organization role), cannot edit Website.
 *
 *   npm run build && cd examples/resource-access
 *   WORKOS_BASE_URL=… WORKOS_API_KEY=… npx cdktf deploy resource-access
 *
 * Resource types and the role policy are dashboard-only in WorkOS: deploy this against a
 * local control plane (`workos-rbac server`).
 */
import { App } from 'cdktf';
import { ResourceAccessStack } from './stack';

const app = new App();
new ResourceAccessStack(app, 'resource-access');
app.synth();
