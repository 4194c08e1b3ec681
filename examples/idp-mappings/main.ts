/**
 * IdP mappings cdktf app: one stack, `idp-mappings`.
 *
 * Two customers resolve roles differently:
 *  - Acme maps directory groups to environment roles ("Engineering" → developer,
 *    "Design" → designer) with multiple-roles mode ON: an engineer-designer gets both.
 *  - Globex has its own roles (org-admin > org-member), single-role mode and SSO group
 *    mappings: a user in both SSO groups gets only the highest-priority role.
 * `workos_effective_roles` outputs show the resolution for sample users, without signing
 * anyone in ("test mapped attributes"). Acme's directory takes its IdP's SCIM pushes:
 * `idp.mjs` plays Okta and Entra ID against it and prints the roles members get at each step.
 *
 *   npm run build && cd examples/idp-mappings
 *   WORKOS_BASE_URL=… WORKOS_API_KEY=… npx cdktf deploy idp-mappings
 *
 * Group mappings, role policy and multiple-roles mode are dashboard-only in WorkOS: deploy
 * this against a local control plane (`workos-rbac server`).
 */
import { App } from 'cdktf';
import { IdpMappingsStack } from './stack';

const app = new App();
new IdpMappingsStack(app, 'idp-mappings');
app.synth();
