/**
 * "State equals the target": the same normalized view of each object, once from what the target
 * lists and once from terraform's state, keyed `<kind> <id>`. A test compares the two after
 * removing what the target had before (its default roles).
 */
import type { WorkosApi } from '../../src/client/types';
import type { Workspace } from './terraform';

export type Objects = Record<string, Record<string, unknown>>;

const sorted = (v: unknown): string[] => [...((v as string[] | null) ?? [])].sort();

/** Every object the target lists that the provider's resources manage. */
export async function targetObjects(client: WorkosApi): Promise<Objects> {
  const out: Objects = {};
  for await (const p of client.permissions.list()) out[`permission ${p.id}`] = { slug: p.slug, name: p.name };
  for await (const r of client.roles.list()) out[`role ${r.id}`] = { slug: r.slug, name: r.name, permissions: sorted(r.permissions) };
  for await (const u of client.users.list()) out[`user ${u.id}`] = { email: u.email };
  for await (const t of client.resourceTypes.list()) out[`resource_type ${t.slug}`] = { name: t.name, parent_types: sorted(t.parentTypes) };
  for await (const o of client.organizations.list()) {
    out[`organization ${o.id}`] = { name: o.name, external_id: o.externalId };
    for await (const r of client.organizationRoles.list(o.id)) {
      if (r.type === 'OrganizationRole') out[`organization_role ${r.id}`] = { organization_id: o.id, slug: r.slug, name: r.name, permissions: sorted(r.permissions) };
    }
    for await (const r of client.resources.list({ organizationId: o.id })) out[`resource ${r.id}`] = { organization_id: o.id, type: r.resourceTypeSlug, external_id: r.externalId, name: r.name };
    for await (const m of client.memberships.list({ organizationId: o.id })) {
      out[`membership ${m.id}`] = { organization_id: o.id, user_id: m.userId, roles: sorted(m.roleSlugs) };
      for await (const a of client.roleAssignments.list(m.id)) out[`assignment ${a.id}`] = { membership: m.id, role: a.roleSlug, resource_id: a.resourceId };
    }
  }
  return out;
}

/** The same view of terraform's state (the resource types `targetObjects` knows). */
export function stateObjects(state: ReturnType<Workspace['state']>): Objects {
  const out: Objects = {};
  for (const r of state.resources) {
    for (const { attributes: a } of r.instances) {
      switch (r.type) {
        case 'workos_permission':
          out[`permission ${a.id}`] = { slug: a.slug, name: a.name };
          break;
        case 'workos_role':
          out[`role ${a.id}`] = { slug: a.slug, name: a.name, permissions: sorted(a.permissions) };
          break;
        case 'workos_user':
          out[`user ${a.id}`] = { email: a.email };
          break;
        case 'workos_resource_type':
          out[`resource_type ${a.slug}`] = { name: a.name, parent_types: sorted(a.parent_types) };
          break;
        case 'workos_organization':
          out[`organization ${a.id}`] = { name: a.name, external_id: a.external_id };
          break;
        case 'workos_organization_role':
          out[`organization_role ${a.id}`] = { organization_id: a.organization_id, slug: a.slug, name: a.name, permissions: sorted(a.permissions) };
          break;
        case 'workos_resource':
          out[`resource ${a.id}`] = { organization_id: a.organization_id, type: a.resource_type_slug, external_id: a.external_id, name: a.name };
          break;
        case 'workos_organization_membership':
          out[`membership ${a.id}`] = { organization_id: a.organization_id, user_id: a.user_id, roles: sorted(a.roles) };
          break;
        case 'workos_resource_assignment':
          out[`assignment ${a.id}`] = { membership: a.organization_membership_id, role: a.role_slug, resource_id: a.resource_id };
          break;
        default:
          throw new Error(`stateObjects does not know ${r.type}`);
      }
    }
  }
  return out;
}
