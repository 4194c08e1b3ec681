/**
 * data "workos_access_check": does the membership hold the permission on the resource,
 * directly, through a role on an ancestor, or through its organization-level role? The answer
 * is the target's (client.roleAssignments.check); the reason is reconstructed from the
 * membership's roles and assignments so the plan says which grant applies.
 */
import { accessCheckSchema } from '../../src/schemas/access-check';
import { isUnknown, type Diagnostic } from '../../src/schemas/builder';
import type { AuthorizationResource, ResourceRef } from '../../src/client/types';
import type { DataSourceHandler } from '../handler';
import type { HandlerContext, Values } from '../handler';
import { membershipOrganization } from '../graph-checks';
import { knownString } from '../preview-staleness';

const isSet = (v: unknown): boolean => v !== null && v !== undefined && (isUnknown(v) || v !== '');

/** Exactly one of `resource_id` or `resource_type_slug` + `resource_external_id`. */
export function validateResourceRef(config: Values): Diagnostic[] {
  const byId = isSet(config.resource_id);
  const byType = isSet(config.resource_type_slug);
  const byExternal = isSet(config.resource_external_id);
  const error = (summary: string, detail: string, attribute: string): Diagnostic => ({ severity: 'error', summary, detail, path: [attribute] });
  if (byId && (byType || byExternal)) {
    return [error('Conflicting resource references', 'Set either "resource_id", or "resource_type_slug" with "resource_external_id" — not both.', 'resource_id')];
  }
  if (byId) return [];
  if (byType && !byExternal) return [error('Missing "resource_external_id"', '"resource_type_slug" names the resource only together with "resource_external_id".', 'resource_external_id')];
  if (byExternal && !byType) return [error('Missing "resource_type_slug"', '"resource_external_id" names the resource only together with "resource_type_slug".', 'resource_type_slug')];
  if (!byType) return [error('Missing resource', 'Name the resource: set "resource_id", or "resource_type_slug" with "resource_external_id".', 'resource_id')];
  return [];
}

function refOf(config: Values): ResourceRef {
  return typeof config.resource_id === 'string'
    ? { resourceId: config.resource_id }
    : { resourceTypeSlug: String(config.resource_type_slug), resourceExternalId: String(config.resource_external_id) };
}

const label = (r: AuthorizationResource) => `${r.resourceTypeSlug} "${r.externalId}"`;
const labelById = (known: AuthorizationResource[], id: string) => {
  const r = known.find((k) => k.id === id);
  return r ? label(r) : `resource ${id}`;
};

/** Which grant gives the permission (or that none does), for the plan's reader. */
async function explain(ctx: HandlerContext, membershipId: string, permission: string, ref: ResourceRef, allowed: boolean): Promise<string> {
  const membership = await ctx.client.memberships.get(membershipId);
  const grants = new Map<string, readonly string[]>();
  for await (const role of ctx.client.organizationRoles.list(membership.organizationId)) grants.set(role.slug, role.permissions);
  const grantsPermission = (role: string) => grants.get(role)?.includes(permission) ?? false;

  const target = 'resourceId' in ref
    ? await ctx.client.resources.get(ref.resourceId)
    : await ctx.client.resources.getByExternalId(membership.organizationId, ref.resourceTypeSlug, ref.resourceExternalId);

  // The target and its ancestors, nearest first.
  const chain: AuthorizationResource[] = [target];
  for (let r = target; r.parentResourceId && chain.length < 64; ) {
    r = await ctx.client.resources.get(r.parentResourceId);
    chain.push(r);
  }
  const assignments: { roleSlug: string; resourceId: string }[] = [];
  for await (const a of ctx.client.roleAssignments.list(membershipId)) assignments.push(a);
  const held = [...membership.roleSlugs.map((r) => `"${r}" (organization)`), ...assignments.map((a) => `"${a.roleSlug}" on ${labelById(chain, a.resourceId)}`)];
  if (!allowed) return `denied: no role of ${membershipId} grants "${permission}" on ${label(target)} or its ancestors (roles held: ${held.join(', ') || 'none'})`;

  const orgRole = membership.roleSlugs.find(grantsPermission);
  if (orgRole) return `allowed: organization role "${orgRole}" grants "${permission}" everywhere in the organization`;
  for (const [depth, resource] of chain.entries()) {
    const a = assignments.find((x) => x.resourceId === resource.id && grantsPermission(x.roleSlug));
    if (a) {
      const where = depth === 0 ? `on ${label(resource)}` : `on ${label(resource)}, an ancestor of ${label(target)}`;
      return `allowed: role "${a.roleSlug}" ${where} grants "${permission}"`;
    }
  }
  return `allowed by the target (no role or assignment the provider can see explains it; roles held: ${held.join(', ') || 'none'})`;
}

export const accessCheckDataSource = {
  schema: accessCheckSchema,
  preview: { kind: 'access_check', scope: (ctx, config) => membershipOrganization(ctx, config.organization_membership_id), subject: (config) => knownString(config.organization_membership_id) },

  validate: validateResourceRef,

  async read(ctx, config) {
    const membershipId = String(config.organization_membership_id);
    const permission = String(config.permission_slug);
    const ref = refOf(config);
    const { authorized } = await ctx.client.roleAssignments.check(membershipId, { permissionSlug: permission, ...ref });
    return {
      organization_membership_id: membershipId,
      permission_slug: permission,
      resource_id: config.resource_id ?? null,
      resource_type_slug: config.resource_type_slug ?? null,
      resource_external_id: config.resource_external_id ?? null,
      allowed: authorized,
      reason: await explain(ctx, membershipId, permission, ref, authorized),
    };
  },
} satisfies DataSourceHandler;
