/**
 * What this target can do beyond WorkOS's public API (the provider asks before it plans, see the
 * README). Dashboard-only: `/_dashboard/capabilities`. The control plane can do all of it.
 */
import type { Handler, RouteTable } from '../http';

const capabilities: Handler = () => ({
  status: 200,
  body: { delete_environment_role: true, role_policy: true, role_mappings: true, resource_types: true, directories: true },
});

export const CAPABILITIES_ROUTES: RouteTable = [['GET', '/_dashboard/capabilities', capabilities]];
