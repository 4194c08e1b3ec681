/**
 * What the target serves beyond WorkOS's public API: the local control plane answers
 * `GET /_dashboard/capabilities`; real WorkOS answers 404 there, meaning "none".
 */
import { z } from 'zod';

export interface Capabilities {
  readonly deleteEnvironmentRole: boolean;
  /** Priority order, default role, multiple-roles mode (`/_dashboard/role-policy`). */
  readonly rolePolicy: boolean;
  /** Directory/SSO group and attribute role mappings (`/_dashboard/…/role-mappings`). */
  readonly roleMappings: boolean;
  /** The resource type hierarchy (`/_dashboard/resource-types`). */
  readonly resourceTypes: boolean;
  /** Creating and renaming directories, and their SCIM endpoint and token (`/_dashboard/directories`). */
  readonly directories: boolean;
}

/** Kept for callers of the earlier name: the same as `Capabilities`. */
export type TopologyCapabilities = Capabilities;

/** Unknown keys are ignored, missing ones mean "no". */
export const wireCapabilities = z.object({
  delete_environment_role: z.boolean().optional(),
  role_policy: z.boolean().optional(),
  role_mappings: z.boolean().optional(),
  resource_types: z.boolean().optional(),
  directories: z.boolean().optional(),
});

export const NO_CAPABILITIES: Capabilities = { deleteEnvironmentRole: false, rolePolicy: false, roleMappings: false, resourceTypes: false, directories: false };

export function toCapabilities(w: z.infer<typeof wireCapabilities>): Capabilities {
  return {
    deleteEnvironmentRole: w.delete_environment_role ?? false,
    rolePolicy: w.role_policy ?? false,
    roleMappings: w.role_mappings ?? false,
    resourceTypes: w.resource_types ?? false,
    directories: w.directories ?? false,
  };
}
