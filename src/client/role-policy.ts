/**
 * Role policies (`workos_role_policy`) in the client: priority order, default role and
 * multiple-roles mode of the environment or of one organization (docs/semantics.md).
 * Dashboard-only in WorkOS: the local control plane serves them under `/_dashboard/`.
 */
import { z } from 'zod';
import { path, type HttpTransport } from './http';

/** Priority order, default role and multiple-roles mode of the environment or of one organization. */
export interface RolePolicy {
  /** null: the environment. */
  readonly organizationId: string | null;
  /** Every role of the scope, highest priority first. */
  readonly priority: readonly string[];
  readonly defaultRole: string;
  readonly multipleRoles: boolean;
  /** True for an organization without custom roles: the environment's policy applies to it (and cannot be changed through it). */
  readonly inherited?: boolean;
}

/** Fields left undefined are unchanged. `priority` heads the order; unlisted roles keep their order below. */
export interface UpdateRolePolicyInput { readonly priority?: readonly string[]; readonly defaultRole?: string; readonly multipleRoles?: boolean }

export const wireRolePolicy = z.object({
  object: z.literal('role_policy'),
  organization_id: z.string().nullable(),
  priority: z.array(z.string()),
  default_role: z.string(),
  multiple_roles: z.boolean(),
  inherited: z.boolean().optional(),
});

export function toRolePolicy(w: z.infer<typeof wireRolePolicy>): RolePolicy {
  return { organizationId: w.organization_id, priority: w.priority, defaultRole: w.default_role, multipleRoles: w.multiple_roles, inherited: w.inherited ?? false };
}

export function updateRolePolicyBody(input: UpdateRolePolicyInput) {
  return { priority: input.priority === undefined ? undefined : [...input.priority], default_role: input.defaultRole, multiple_roles: input.multipleRoles };
}

/** `/_dashboard/role-policy` (environment) and `/_dashboard/organizations/{id}/role-policy`. */
export class RolePolicyApi {
  constructor(private readonly http: HttpTransport) {}

  private pathFor(organizationId: string | null): string {
    return organizationId === null ? '/_dashboard/role-policy' : path`/_dashboard/organizations/${organizationId}/role-policy`;
  }

  /** For an organization without custom roles: the environment's policy, with `inherited: true`. */
  async get(organizationId: string | null): Promise<RolePolicy> {
    return toRolePolicy(await this.http.call('GET', this.pathFor(organizationId), { schema: wireRolePolicy }));
  }

  /** An organization without custom roles has no policy of its own: ConflictError `organization_has_no_custom_roles`. */
  async update(organizationId: string | null, input: UpdateRolePolicyInput): Promise<RolePolicy> {
    return toRolePolicy(await this.http.call('PATCH', this.pathFor(organizationId), { body: updateRolePolicyBody(input), schema: wireRolePolicy }));
  }
}
