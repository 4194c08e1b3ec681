/**
 * What the target can do beyond WorkOS's public API, and the one wording for "it cannot".
 *
 * The local control plane implements the dashboard-only features (role policy, group/attribute
 * mappings, resource types, creating and renaming directories); real WorkOS answers 404 on
 * `/_dashboard/capabilities`, meaning none of them. Handlers check at plan time (`modifyPlan`)
 * so terraform stops before anything changes, and again at apply in case the plan was made
 * against another target.
 */
import type { Diagnostic } from '../src/schemas/builder';
import type { Capabilities, TopologyCapabilities } from '../src/client/types';
import { DiagnosticError, type HandlerContext } from './handler';

export type TopologyCapability = 'rolePolicy' | 'roleMappings' | 'resourceTypes' | 'directories';

/** True when the target implements the feature (the local control plane); false on real WorkOS. */
export function supports(capabilities: Capabilities, capability: TopologyCapability): boolean {
  return (capabilities as Partial<TopologyCapabilities>)[capability] === true;
}

const NOTHING_CHANGED = 'Nothing was changed.';
const ALTERNATIVE =
  'To manage it as code, point the provider at a target that implements it (the local control plane, `workos-rbac server`), or remove this resource from the configuration and keep the setting in the dashboard.';

/** Priority order, default role and multiple-roles mode: dashboard-only in WorkOS. */
export function rolePolicyUnsupported(typeName = 'workos_role_policy'): Diagnostic {
  return {
    severity: 'error',
    summary: 'The WorkOS API cannot manage the role policy',
    detail:
      `${typeName}: WorkOS's public API cannot set the role priority order, the default role or multiple-roles mode. ` +
      'They are set in the WorkOS dashboard: Authorization → Roles (priority order, default role; for an organization, ' +
      'on its Roles tab) and Authorization → Configuration (multiple roles). ' +
      `${NOTHING_CHANGED} ${ALTERNATIVE}`,
  };
}

/** Directory group, SSO group and attribute → role mappings: dashboard-only in WorkOS. */
export function roleMappingsUnsupported(typeName: string): Diagnostic {
  return {
    severity: 'error',
    summary: 'The WorkOS API cannot manage role mappings',
    detail:
      `${typeName}: WorkOS's public API cannot create, change or delete directory group, SSO group or attribute role mappings. ` +
      'They are set in the WorkOS dashboard, per organization: its directory (Directory Sync → the directory → role assignment) ' +
      'or its SSO connection (role assignment from SSO groups). ' +
      `${NOTHING_CHANGED} ${ALTERNATIVE}`,
  };
}

/** Resource types (the FGA type hierarchy): dashboard-only in WorkOS. */
export function resourceTypesUnsupported(typeName = 'workos_resource_type'): Diagnostic {
  return {
    severity: 'error',
    summary: 'The WorkOS API cannot manage resource types',
    detail:
      `${typeName}: WorkOS's public API cannot create, change or delete resource types; resources of existing types can be managed. ` +
      'Resource types are defined in the WorkOS dashboard: Authorization → Resource types. ' +
      `${NOTHING_CHANGED} ${ALTERNATIVE}`,
  };
}

/** Creating and renaming directories, and their SCIM endpoint and token: dashboard-only in WorkOS (its API lists, reads and deletes them). */
export function directoriesUnsupported(typeName = 'workos_directory'): Diagnostic {
  return {
    severity: 'error',
    summary: 'The WorkOS API cannot create or rename directories',
    detail:
      `${typeName}: WorkOS's public API can list, read and delete directories, but not create or rename them, nor show a directory's SCIM endpoint and bearer token. ` +
      'Directories are set up in the WorkOS dashboard: the organization → Directory Sync → Add directory, which shows the endpoint and token for the identity provider. ' +
      `${NOTHING_CHANGED} ${ALTERNATIVE}`,
  };
}

/** The "test mapped attributes" preview evaluates mappings, which WorkOS's public API does not expose. */
export function effectiveRolesUnsupported(typeName = 'workos_effective_roles'): Diagnostic {
  return {
    severity: 'error',
    summary: 'The WorkOS API cannot preview role resolution',
    detail:
      `${typeName}: WorkOS's public API exposes neither the role mappings nor the priority order, so the provider cannot ` +
      'compute which roles a user would get. Use "Test mapped attributes" in the WorkOS dashboard (the organization\'s directory or ' +
      `SSO connection, role assignment), or point the provider at the local control plane. ${NOTHING_CHANGED}`,
  };
}

const unsupported: Record<TopologyCapability, (typeName: string) => Diagnostic> = {
  rolePolicy: rolePolicyUnsupported,
  roleMappings: roleMappingsUnsupported,
  resourceTypes: resourceTypesUnsupported,
  directories: directoriesUnsupported,
};

/**
 * For `modifyPlan`: adds the error diagnostic when the target lacks the capability and returns
 * whether the target supports it. The caller decides whether destroy plans need the check.
 */
export function checkCapabilityAtPlan(ctx: HandlerContext, capability: TopologyCapability, typeName: string): boolean {
  if (supports(ctx.capabilities, capability)) return true;
  ctx.diagnostics.push(unsupported[capability](typeName));
  return false;
}

/** For create/update/delete: throws the same diagnostic, before any request is made. */
export function requireCapability(ctx: HandlerContext, capability: TopologyCapability, typeName: string): void {
  if (!supports(ctx.capabilities, capability)) throw new DiagnosticError(unsupported[capability](typeName));
}
