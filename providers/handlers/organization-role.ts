/**
 * workos_organization_role: a custom role of one organization, identified by (organization_id,
 * slug). Its permission set is authoritative (PUT sets it). Import as `<organization_id>/<slug>`.
 *
 * Delete: WorkOS refuses (409 `role_has_assignments` / `role_has_group_role_mappings`) while
 * anything uses the role. Without `force_delete` that becomes an error naming the users of the
 * role. With `force_delete = true` the provider first removes the role from the memberships
 * that hold it (a membership left without a role gets the organization's default role), deletes
 * the resource assignments that grant it and takes it out of group/attribute mappings (a
 * mapping left without a role is deleted), then deletes the role.
 *
 * Writes are serialised per organization (providers/write-locks.ts) with its role policy: the
 * organization's roles share one priority list.
 */
import { organizationRoleSchema } from '../../src/schemas/organization-role';
import type { StateOf } from '../../src/schemas/builder';
import { ConflictError, NotFoundError } from '../../src/client/errors';
import type { OrganizationMembership, Role, RoleAssignment, RoleMapping } from '../../src/client/types';
import { foundOrNull, goneIsDone, DiagnosticError, PartialCreateError, type HandlerContext, type ResourceHandler, type ListingSpec } from '../handler';
import { readListed } from '../listings';
import { supports } from '../capabilities';
import { roleScopeKey, roleWrites } from '../write-locks';
import { untilVisible } from '../consistency';
import { checkPermissionReferences, recordCreation } from '../graph-checks';
import type { LedgerScope } from '../plan-ledger';
import { inOrganization, roleImpact } from '../preview-staleness';
import { checkOrganizationDefaultRole, warnFirstCustomRole } from '../plan-safety';
import { checkOrganizationReference, checkOrganizationRoleNotOnTarget } from '../target-checks';

export type OrganizationRoleState = StateOf<typeof organizationRoleSchema>;

const IN_USE_CODES = new Set(['role_has_assignments', 'role_has_group_role_mappings']);

function toState(organizationId: string, r: Role, forceDelete: boolean, configuredPermissions: string[] | null): OrganizationRoleState {
  const permissions = [...r.permissions].sort();
  return {
    id: r.id,
    organization_id: organizationId,
    slug: r.slug,
    name: r.name,
    description: r.description ?? null,
    // An unset attribute and an empty set mean the same thing: keep what the config said.
    permissions: permissions.length === 0 && configuredPermissions === null ? null : permissions,
    force_delete: forceDelete,
  };
}

async function fetchRole(ctx: HandlerContext, organizationId: string, slug: string): Promise<Role | null> {
  return foundOrNull(() => ctx.client.organizationRoles.get(organizationId, slug));
}

/** The roles an organization sees (its own and the environment's): a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext, organizationId: string): ListingSpec<Role> => ({
  key: `roles of ${organizationId}`,
  list: () => ctx.client.organizationRoles.list(organizationId),
  idOf: (r) => r.slug,
});

export const organizationRoleHandler = {
  schema: organizationRoleSchema,
  previews: inOrganization(roleImpact),

  async modifyPlan(ctx, planned, prior) {
    await checkOrganizationDefaultRole(ctx, planned, prior);
    if (planned === null) return;
    recordCreation(ctx, organizationRoleSchema, 'role', planned, prior, planned.organization_id as LedgerScope);
    await checkOrganizationReference(ctx, planned, prior);
    await checkOrganizationRoleNotOnTarget(ctx, planned, prior);
    await warnFirstCustomRole(ctx, planned, prior);
    await checkPermissionReferences(ctx, planned, prior, 'permissions');
  },

  create: (ctx, planned) =>
    roleWrites.run(roleScopeKey(planned.organization_id), async () => {
      const org = planned.organization_id;
      const created = await ctx.client.organizationRoles.create(org, { slug: planned.slug, name: planned.name, description: planned.description });
      try {
        // Right after the create: a replica may not know the role yet.
        const role = await untilVisible(() => ctx.client.organizationRoles.setPermissions(org, planned.slug, planned.permissions ?? []));
        return toState(org, role, planned.force_delete ?? false, planned.permissions);
      } catch (err) {
        // The role exists: keep it in state (tainted) rather than lose track of it.
        throw new PartialCreateError(toState(org, created, planned.force_delete ?? false, planned.permissions), err);
      }
    }),

  async read(ctx, state) {
    const org = state.organization_id;
    const role = await readListed(ctx, listing(ctx, org), state.slug, () => ctx.client.organizationRoles.get(org, state.slug));
    return role && toState(state.organization_id, role, state.force_delete ?? false, state.permissions);
  },

  update: (ctx, prior, planned) =>
    roleWrites.run(roleScopeKey(planned.organization_id), async () => {
      const org = planned.organization_id;
      let role: Role | null = null;
      if (prior.name !== planned.name || prior.description !== planned.description) {
        role = await ctx.client.organizationRoles.update(org, planned.slug, { name: planned.name, description: planned.description });
      }
      if (!sameSet(prior.permissions ?? [], planned.permissions ?? []) || role === null) {
        role = await ctx.client.organizationRoles.setPermissions(org, planned.slug, planned.permissions ?? []);
      }
      return toState(org, role, planned.force_delete ?? false, planned.permissions);
    }),

  delete: (ctx, prior) => roleWrites.run(roleScopeKey(prior.organization_id), () => deleteRole(ctx, prior)),

  async importState(ctx, id) {
    const slash = id.indexOf('/');
    if (slash <= 0 || slash === id.length - 1 || id.indexOf('/', slash + 1) !== -1) {
      throw new DiagnosticError({
        severity: 'error',
        summary: 'Invalid import id for workos_organization_role',
        detail: `Expected "<organization_id>/<slug>" (e.g. "org_01H…/org-billing"), got "${id}".`,
      });
    }
    const org = id.slice(0, slash);
    const role = await fetchRole(ctx, org, id.slice(slash + 1));
    return role && toState(org, role, false, role.permissions.length ? [...role.permissions] : null);
  },

  adopt: {
    codes: ['organization_role_slug_conflict'],
    async find(ctx, planned) {
      const role = await fetchRole(ctx, planned.organization_id, planned.slug);
      return role && toState(planned.organization_id, role, planned.force_delete ?? false, planned.permissions);
    },
    importId: (found) => `${found.organization_id}/${found.slug}`,
    setAfterCreate: ['permissions'],
  },
} satisfies ResourceHandler<OrganizationRoleState>;

async function deleteRole(ctx: HandlerContext, prior: OrganizationRoleState): Promise<void> {
  try {
    await ctx.client.organizationRoles.delete(prior.organization_id, prior.slug);
    return;
  } catch (err) {
    if (err instanceof NotFoundError) return;
    if (!(err instanceof ConflictError && IN_USE_CODES.has(err.code))) throw err;
  }
  const usage = await findUsage(ctx, prior.organization_id, prior.slug);
  if (!prior.force_delete) throw new DiagnosticError(inUseDiagnostic(prior.slug, usage));
  await removeUsage(ctx, prior.organization_id, prior.slug, usage);
  await goneIsDone(() => ctx.client.organizationRoles.delete(prior.organization_id, prior.slug));
}

// ---- what uses a role, and removing it from there ------------------------------------

interface RoleUsage {
  readonly memberships: OrganizationMembership[];
  readonly assignments: RoleAssignment[];
  readonly mappings: RoleMapping[];
}

async function findUsage(ctx: HandlerContext, organizationId: string, slug: string): Promise<RoleUsage> {
  const memberships: OrganizationMembership[] = [];
  const assignments: RoleAssignment[] = [];
  for await (const m of ctx.client.memberships.list({ organizationId })) {
    if (m.roleSlugs.includes(slug)) memberships.push(m);
    for await (const a of ctx.client.roleAssignments.list(m.id)) if (a.roleSlug === slug) assignments.push(a);
  }
  const mappings: RoleMapping[] = [];
  if (supports(ctx.capabilities, 'roleMappings')) {
    for await (const mapping of ctx.client.roleMappings.list(organizationId)) if (mapping.roles.includes(slug)) mappings.push(mapping);
  }
  return { memberships, assignments, mappings };
}

function describeUsage(u: RoleUsage): string[] {
  const few = (ids: string[]) => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, … (${ids.length} in all)` : ids.join(', '));
  const lines: string[] = [];
  if (u.memberships.length) lines.push(`- ${u.memberships.length} organization membership(s) hold it: ${few(u.memberships.map((m) => m.id))}`);
  if (u.assignments.length) {
    lines.push(`- ${u.assignments.length} resource assignment(s) grant it: ${few(u.assignments.map((a) => `${a.organizationMembershipId} on ${a.resourceTypeSlug} "${a.resourceExternalId}"`))}`);
  }
  if (u.mappings.length) lines.push(`- ${u.mappings.length} role mapping(s) give it: ${few(u.mappings.map((m) => `${m.kind} "${m.group}"${m.value !== null ? ` = "${m.value}"` : ''} (${m.id})`))}`);
  return lines;
}

function inUseDiagnostic(slug: string, usage: RoleUsage) {
  const lines = describeUsage(usage);
  return {
    severity: 'error' as const,
    summary: `Organization role "${slug}" is still in use`,
    detail:
      `WorkOS refuses to delete a role that is still assigned or mapped. "${slug}" is used by:\n` +
      (lines.length ? lines.join('\n') : '- (the target reported it in use, but the list APIs show nothing; it may be changing right now)') +
      '\n\nRemove those first, or set force_delete = true on this role (and apply that before destroying) to have the provider ' +
      'remove them and then delete the role. Nothing was deleted.',
    path: ['force_delete'],
  };
}

async function removeUsage(ctx: HandlerContext, organizationId: string, slug: string, usage: RoleUsage): Promise<void> {
  // What the dashboard does when a role is deleted: members left without a role get the
  // default role. Found out before anything is removed, so a refusal changes nothing.
  const leftWithout = usage.memberships.find((m) => m.roleSlugs.every((r) => r === slug));
  const defaultRole = leftWithout && (await organizationDefaultRole(ctx, organizationId, slug, leftWithout.id));
  for (const a of usage.assignments) {
    await goneIsDone(() => ctx.client.roleAssignments.delete(a.organizationMembershipId, a.id));
  }
  for (const m of usage.memberships) {
    const rest = m.roleSlugs.filter((r) => r !== slug);
    await ctx.client.memberships.setRoles(m.id, rest.length > 0 || !defaultRole ? rest : [defaultRole]);
  }
  for (const mapping of usage.mappings) {
    const rest = mapping.roles.filter((r) => r !== slug);
    if (rest.length === 0) await ctx.client.roleMappings.delete(mapping.id);
    else await ctx.client.roleMappings.update(mapping.id, { roles: rest });
  }
  ctx.log.info('force_delete: removed the uses of the role', {
    role: slug,
    memberships: usage.memberships.length,
    assignments: usage.assignments.length,
    mappings: usage.mappings.length,
  });
}

async function organizationDefaultRole(ctx: HandlerContext, organizationId: string, slug: string, membershipId: string): Promise<string> {
  const cannot = (why: string) =>
    new DiagnosticError({
      severity: 'error',
      summary: `Cannot force-delete organization role "${slug}"`,
      detail: `The membership ${membershipId} holds only this role and would be left without one; ${why} Give it another role first, then destroy again.`,
      path: ['force_delete'],
    });
  if (!supports(ctx.capabilities, 'rolePolicy')) throw cannot('the WorkOS API does not tell which role is the default role.');
  const policy = await ctx.client.rolePolicy.get(organizationId);
  if (policy.defaultRole === slug) throw cannot(`"${slug}" is the organization's default role, which cannot be deleted.`);
  return policy.defaultRole;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x)) && s.size === new Set(b).size;
}
