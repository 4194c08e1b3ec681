/**
 * The plan-time safety checks on the plan ledger: previews read before this plan's changes
 * (providers/preview-staleness.ts), in either order, and the ordering checks of
 * providers/plan-safety.ts (first custom role, organization policy without a custom role,
 * default role removal), with the provider's handlers and a fake client.
 */
import { PlanLedger } from '../../providers/plan-ledger';
import { changeIdentity, isChange, noteApplied, notePlannedChange, notePreviewRead } from '../../providers/preview-staleness';
import type { HandlerContext, Values } from '../../providers/handler';
import { effectiveRolesDataSource } from '../../providers/handlers/effective-roles';
import { accessCheckDataSource } from '../../providers/handlers/access-check';
import { directoryGroupMappingHandler } from '../../providers/handlers/directory-group-mapping';
import { resourceAssignmentHandler } from '../../providers/handlers/resource-assignment';
import { roleHandler } from '../../providers/handlers/role';
import { organizationRoleHandler } from '../../providers/handlers/organization-role';
import { rolePolicyHandler } from '../../providers/handlers/role-policy';
import { NotFoundError } from '../../src/client/errors';
import { UNKNOWN, type Diagnostic } from '../../src/schemas/builder';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function* items<T>(xs: T[]): AsyncIterable<T> {
  for (const x of xs) yield x;
}

interface World {
  envPolicy?: { defaultRole: string; priority: string[] };
  /** Per organization: its custom roles and (when it has them) its own default role. */
  orgs?: Record<string, { name: string; customRoles: string[]; defaultRole?: string }>;
  memberships?: Record<string, string>;
}

const notFound = () => Object.assign(Object.create(NotFoundError.prototype) as NotFoundError, { message: 'not found' });

/** One walk: a ledger shared by every context, as in one provider process. */
function walk(world: World) {
  const ledger = new PlanLedger();
  const orgs = world.orgs ?? {};
  const client = {
    organizations: {
      get: async (id: string) => (orgs[id] ? { id, name: orgs[id].name } : Promise.reject(notFound())),
      list: () => items(Object.entries(orgs).map(([id, o]) => ({ id, name: o.name }))),
    },
    organizationRoles: {
      list: (id: string) => items([...(orgs[id]?.customRoles ?? []).map((slug) => ({ slug, type: 'OrganizationRole' })), { slug: 'member', type: 'EnvironmentRole' }]),
    },
    rolePolicy: {
      get: async (id: string | null) => {
        const env = world.envPolicy ?? { defaultRole: 'member', priority: ['member'] };
        if (id === null) return { organizationId: null, multipleRoles: false, ...env };
        const o = orgs[id];
        if (!o) throw notFound();
        return o.customRoles.length ? { organizationId: id, priority: o.customRoles, defaultRole: o.defaultRole ?? env.defaultRole, multipleRoles: false } : { organizationId: id, ...env, multipleRoles: false, inherited: true };
      },
    },
    memberships: { get: async (id: string) => ({ id, organizationId: world.memberships?.[id] }) },
  };
  const context = () => {
    const diagnostics: Diagnostic[] = [];
    const ctx = { client, capabilities: { rolePolicy: true, roleMappings: true, deleteEnvironmentRole: true }, log: silent, diagnostics, plan: ledger } as unknown as HandlerContext;
    return { ctx, diagnostics };
  };
  return { ledger, context };
}

const mapping = (roles: string[], id: string | typeof UNKNOWN = 'rm_1'): Values => ({ id, organization_id: 'org_a', directory_id: null, group: 'Admins', roles, mode: null });
const preview: Values = { organization_id: 'org_a', directory_groups: ['Admins'], sso_groups: null, attributes: null };

async function planMapping(w: ReturnType<typeof walk>, prior: Values | null, planned: Values | null): Promise<Diagnostic[]> {
  const { ctx, diagnostics } = w.context();
  await notePlannedChange(ctx, directoryGroupMappingHandler.schema, directoryGroupMappingHandler.previews, prior, planned);
  return diagnostics;
}

async function readPreview(w: ReturnType<typeof walk>, config: Values = preview): Promise<Diagnostic[]> {
  const { ctx, diagnostics } = w.context();
  await notePreviewRead(ctx, effectiveRolesDataSource.schema.typeName, effectiveRolesDataSource.preview, config);
  return diagnostics;
}

describe('previews read before the changes they summarise', () => {
  test('read first, change planned after: the change warns, naming the preview and its inputs', async () => {
    const w = walk({});
    expect(await readPreview(w)).toEqual([]);
    const d = await planMapping(w, mapping(['admin']), mapping(['editor']));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', summary: 'A preview read earlier does not include this change' });
    expect(d[0].detail).toContain('data "workos_effective_roles" for organization org_a (directory_groups ["Admins"]) was read from the target\'s current state before this update of workos_directory_group_mapping (group "Admins") is applied');
    expect(d[0].detail).toMatch(/depends_on.*workos-rbac impact/);
  });

  test('change planned first, read after: the preview warns, listing the change', async () => {
    const w = walk({});
    expect(await planMapping(w, null, mapping(['admin'], UNKNOWN))).toEqual([]);
    const d = await readPreview(w);
    expect(d).toHaveLength(1);
    expect(d[0].summary).toBe('This preview shows the access before this plan, not after it');
    expect(d[0].detail).toContain('- create of workos_directory_group_mapping (group "Admins")');
  });

  test('a change applied before the read (the preview depends on it) is no warning; a no-op plan is no change', async () => {
    const w = walk({});
    const prior = mapping(['admin']);
    const planned = mapping(['editor']);
    await planMapping(w, prior, planned);
    noteApplied(w.ledger, directoryGroupMappingHandler.schema, prior, planned);
    expect(await readPreview(w)).toEqual([]);
    expect(await planMapping(w, planned, { ...planned, roles: ['editor'] })).toEqual([]);
    expect(isChange(directoryGroupMappingHandler.schema, mapping(['a', 'b']), mapping(['b', 'a']))).toBe(false); // sets: order is no change
  });

  test('changes elsewhere, of another kind, or to another member do not make a preview stale', async () => {
    const w = walk({ memberships: { om_alice: 'org_a', om_bob: 'org_a' } });
    await readPreview(w, { ...preview, organization_id: 'org_b' });
    expect(await planMapping(w, mapping(['admin']), mapping(['editor']))).toEqual([]); // another organization's preview
    const check = (membership: string) => ({ organization_membership_id: membership, permission_slug: 'projects:edit', resource_id: 'res_1', resource_type_slug: null, resource_external_id: null });
    const { ctx } = w.context();
    await notePreviewRead(ctx, accessCheckDataSource.schema.typeName, accessCheckDataSource.preview, check('om_bob'));
    const assignment = { id: 'ra_1', organization_membership_id: 'om_alice', role_slug: 'editor', resource_id: 'res_1', resource_type_slug: null, resource_external_id: null };
    const alice = w.context();
    await notePlannedChange(alice.ctx, resourceAssignmentHandler.schema, resourceAssignmentHandler.previews, assignment, null);
    expect(alice.diagnostics).toEqual([]); // Bob's access check is not about Alice
    const bob = w.context();
    await notePlannedChange(bob.ctx, resourceAssignmentHandler.schema, resourceAssignmentHandler.previews, { ...assignment, organization_membership_id: 'om_bob' }, null);
    expect(bob.diagnostics.map((d) => d.summary)).toEqual(['A preview read earlier does not include this change']);
  });

  test('editing an environment role changes access checks, not effective roles; deleting it changes both', async () => {
    const w = walk({});
    await readPreview(w);
    const role = { id: 'role_1', slug: 'editor', name: 'Editor', description: null, permissions: ['a'], destroy_behavior: 'delete' };
    const edit = w.context();
    await notePlannedChange(edit.ctx, roleHandler.schema, roleHandler.previews, role, { ...role, permissions: ['a', 'b'] });
    expect(edit.diagnostics).toEqual([]);
    const remove = w.context();
    await notePlannedChange(remove.ctx, roleHandler.schema, roleHandler.previews, role, null);
    expect(remove.diagnostics).toHaveLength(1);
  });

  test('removing a role policy only stops managing it: no preview is stale; changing it is', async () => {
    const w = walk({});
    await readPreview(w);
    const policy = { id: 'org_a', organization_id: 'org_a', priority: null, default_role: 'viewer', multiple_roles: null };
    const stop = w.context();
    await notePlannedChange(stop.ctx, rolePolicyHandler.schema, rolePolicyHandler.previews, policy, null);
    expect(stop.diagnostics).toEqual([]);
    const change = w.context();
    await notePlannedChange(change.ctx, rolePolicyHandler.schema, rolePolicyHandler.previews, policy, { ...policy, default_role: 'editor' });
    expect(change.diagnostics).toHaveLength(1);
  });

  test('the same resource has one identity at plan, re-plan and apply', () => {
    const schema = directoryGroupMappingHandler.schema;
    expect(changeIdentity(schema, null, mapping(['x'], UNKNOWN))).toBe(changeIdentity(schema, null, mapping(['x'], UNKNOWN)));
    expect(changeIdentity(schema, mapping(['x']), mapping(['y']))).toBe(changeIdentity(schema, mapping(['x']), null));
  });
});

describe('ordering checks', () => {
  const orgRole = (org: unknown, slug = 'org-auditor'): Values => ({ id: UNKNOWN, organization_id: org, slug, name: 'Auditor', description: null, permissions: null, force_delete: false });
  const policy = (org: unknown, extra: Values = {}): Values => ({ id: UNKNOWN, organization_id: org, priority: null, default_role: null, multiple_roles: true, ...extra });

  test("an organization's first custom role warns once, naming the organization and the environment policy it copies", async () => {
    const w = walk({ orgs: { org_a: { name: 'Acme', customRoles: [] } }, envPolicy: { defaultRole: 'viewer', priority: ['admin', 'viewer'] } });
    const first = w.context();
    await organizationRoleHandler.modifyPlan(first.ctx, orgRole('org_a'), null);
    expect(first.diagnostics).toHaveLength(1);
    expect(first.diagnostics[0]).toMatchObject({ severity: 'warning', path: ['organization_id'], summary: 'This is the first custom role of organization "Acme" (org_a): it gets its own default role and priority order' });
    expect(first.diagnostics[0].detail).toContain('(now: default role "viewer", priority "admin" > "viewer", multiple roles off)');
    const second = w.context();
    await organizationRoleHandler.modifyPlan(second.ctx, orgRole('org_a', 'org-billing'), null);
    expect(second.diagnostics).toEqual([]);
  });

  test('an environment policy change planned after a first custom role warns: that role does not wait for it', async () => {
    const w = walk({ orgs: { org_a: { name: 'Acme', customRoles: [] } } });
    await organizationRoleHandler.modifyPlan(w.context().ctx, orgRole('org_a'), null);
    const env = w.context();
    await rolePolicyHandler.modifyPlan(env.ctx, policy(null, { default_role: 'viewer', multiple_roles: null }), null);
    expect(env.diagnostics.map((d) => d.summary)).toEqual(["Organizations may copy the environment's role policy from before this change"]);
    expect(env.diagnostics[0].detail).toContain('organization org_a');
  });

  test('an organization policy needs a custom role of the organization, existing or created earlier in this plan', async () => {
    const w = walk({ orgs: { org_a: { name: 'Acme', customRoles: [] }, org_b: { name: 'Globex', customRoles: ['org-x'] } } });
    const bare = w.context();
    await rolePolicyHandler.modifyPlan(bare.ctx, policy('org_a'), null);
    expect(bare.diagnostics).toEqual([expect.objectContaining({ severity: 'error', path: ['organization_id'], summary: 'Organization "Acme" (org_a) has no custom role, so it has no role policy of its own' })]);
    const withRoles = w.context();
    await rolePolicyHandler.modifyPlan(withRoles.ctx, policy('org_b'), null);
    expect(withRoles.diagnostics).toEqual([]);
    await organizationRoleHandler.modifyPlan(w.context().ctx, orgRole('org_a'), null);
    const after = w.context();
    await rolePolicyHandler.modifyPlan(after.ctx, policy('org_a'), null);
    expect(after.diagnostics).toEqual([]);
  });

  test('a policy for a new organization passes only when this plan creates a custom role of a new organization', async () => {
    const w = walk({});
    const first = w.context();
    await rolePolicyHandler.modifyPlan(first.ctx, policy(UNKNOWN), null);
    expect(first.diagnostics.map((d) => d.summary)).toEqual(['The new organization has no custom role, so it has no role policy of its own']);
    await organizationRoleHandler.modifyPlan(w.context().ctx, orgRole(UNKNOWN), null);
    const second = w.context();
    await rolePolicyHandler.modifyPlan(second.ctx, policy(UNKNOWN), null);
    expect(second.diagnostics).toEqual([]);
  });

  test('destroying or replacing a default role fails with the fix; abandoning it or another role does not', async () => {
    const w = walk({ envPolicy: { defaultRole: 'viewer', priority: ['viewer'] }, orgs: { org_a: { name: 'Acme', customRoles: ['org-member', 'org-owner'], defaultRole: 'org-member' } } });
    const role = { id: 'role_1', slug: 'viewer', name: 'Viewer', description: null, permissions: null, destroy_behavior: 'delete' };
    const destroy = w.context();
    await roleHandler.modifyPlan(destroy.ctx, null, role as never);
    expect(destroy.diagnostics).toEqual([expect.objectContaining({ severity: 'error', path: ['destroy_behavior'], summary: 'Role "viewer" is the default role of the environment: it cannot be destroyed' })]);
    const replace = w.context();
    await roleHandler.modifyPlan(replace.ctx, { ...role, slug: 'viewers' }, role as never);
    expect(replace.diagnostics.map((d) => [d.summary, d.path])).toEqual([['Role "viewer" is the default role of the environment: it cannot be replaced', ['slug']]]);
    const abandon = w.context();
    await roleHandler.modifyPlan(abandon.ctx, null, { ...role, destroy_behavior: 'abandon' } as never);
    expect(abandon.diagnostics).toEqual([]);

    const member = { id: 'role_2', organization_id: 'org_a', slug: 'org-member', name: 'Member', description: null, permissions: null, force_delete: false };
    const orgDestroy = w.context();
    await organizationRoleHandler.modifyPlan(orgDestroy.ctx, null, member);
    expect(orgDestroy.diagnostics.map((d) => d.summary)).toEqual(['Role "org-member" is the default role of organization "Acme" (org_a): it cannot be destroyed']);
    expect(orgDestroy.diagnostics[0].detail).toContain('set default_role in the workos_role_policy of organization "Acme" (org_a) and apply that');
    const other = w.context();
    await organizationRoleHandler.modifyPlan(other.ctx, null, { ...member, slug: 'org-owner' });
    expect(other.diagnostics).toEqual([]);
  });

  test('an environment role an organization copied as its default cannot be destroyed either', async () => {
    const w = walk({ envPolicy: { defaultRole: 'member', priority: ['member'] }, orgs: { org_a: { name: 'Acme', customRoles: ['org-x'], defaultRole: 'viewer' } } });
    const { ctx, diagnostics } = w.context();
    await roleHandler.modifyPlan(ctx, null, { id: 'role_1', slug: 'viewer', name: 'Viewer', description: null, permissions: null, destroy_behavior: 'delete' });
    expect(diagnostics.map((d) => d.summary)).toEqual(['Role "viewer" is the default role of organization "Acme" (org_a): it cannot be destroyed']);
  });
});
