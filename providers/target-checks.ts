/**
 * Plan-time checks against the target, for handlers' `modifyPlan` (README, "Checked at plan,
 * against the target"): what would otherwise fail only at apply, after a reviewer approved a
 * clean plan.
 *  - Creating an object whose key (slug, email, external id, user + organization) already
 *    exists on the target but not in state: an error at the key attribute naming the import
 *    command, unless the object matches the configuration (then a warning: the apply adopts
 *    it instead of creating it).
 *  - References (organization_id, user_id, organization_membership_id, resource_id,
 *    parent_id, resource_type_slug, resource type + external id) to objects that neither exist
 *    on the target nor are created earlier in this plan: an error at that attribute. A
 *    mapping's directory_id must also be a directory of the mapping's organization.
 *  - Two or more roles on a membership while its organization's multiple-roles mode is off
 *    (and this plan does not turn it on): an error at `roles`.
 *
 * Unknown values (objects this plan creates) are never judged. Lists are read once per kind
 * (and organization) per plan walk through the plan ledger; a verdict that would report a
 * problem is confirmed with a direct read first (the cached list may predate a change made
 * earlier in an apply walk). A target that cannot answer skips the check (debug log), it
 * never fails the plan.
 */
import type { AuthorizationResource, OrganizationMembership, ResourceType, Role, RolePolicy, User } from '../src/client/types';
import { isUnknown, type Diagnostic } from '../src/schemas/builder';
import { supports } from './capabilities';
import type { HandlerContext, Values } from './handler';
import { attempt, environmentRoles, exists, organizationRoles, organizationsList, permissions } from './graph-checks';
import type { PlanLedger } from './plan-ledger';

/** Ledger notes (PlanLedger.note) of objects this walk creates whose key is known at plan. */
export const NEW_RESOURCE_TYPE = 'new resource type';
export const NEW_RESOURCE = 'new resource';

const known = (v: unknown): v is string => typeof v === 'string' && !isUnknown(v);

/** The key of a new resource as noted: organization (or `?` when not known yet), type and external id. */
const resourceKey = (organizationId: unknown, type: string, externalId: string) => `${known(organizationId) ? organizationId : '?'}|${type}|${externalId}`;

/** A create of the object named by `keys`: no prior state, or a key that changes (a replacement by a new key). */
function creates(planned: Values | null, prior: Values | null, keys: readonly string[]): planned is Values {
  if (planned === null || !keys.every((k) => known(planned[k]))) return false;
  return prior === null || keys.some((k) => prior[k] !== planned[k]);
}

/** True when the attribute is a known string that is new or differs from the prior state. */
function newReference(planned: Values, prior: Values | null, name: string): boolean {
  return known(planned[name]) && (prior === null || prior[name] !== planned[name]);
}

// ---- lists of the target, once per walk -------------------------------------------------

function listOnce<T>(ctx: HandlerContext, ledger: PlanLedger, cacheKey: string, what: string, list: () => AsyncIterable<T>): Promise<T[] | undefined> {
  return attempt(ctx, what, () =>
    ledger.memo(cacheKey, async () => {
      const out: T[] = [];
      for await (const x of list()) out.push(x);
      return out;
    }),
  );
}

const usersList = (ctx: HandlerContext, ledger: PlanLedger) => listOnce<User>(ctx, ledger, 'users', 'users', () => ctx.client.users.list());
const resourcesOf = (ctx: HandlerContext, ledger: PlanLedger, organizationId: string) =>
  listOnce<AuthorizationResource>(ctx, ledger, `resources:org:${organizationId}`, `resources of ${organizationId}`, () => ctx.client.resources.list({ organizationId }));
const membershipsOf = (ctx: HandlerContext, ledger: PlanLedger, organizationId: string) =>
  listOnce<OrganizationMembership>(ctx, ledger, `memberships:org:${organizationId}`, `memberships of ${organizationId}`, () => ctx.client.memberships.list({ organizationId }));
/** Resource types: only where the target serves them (the local control plane). */
const resourceTypesList = (ctx: HandlerContext, ledger: PlanLedger) =>
  supports(ctx.capabilities, 'resourceTypes') ? listOnce<ResourceType>(ctx, ledger, 'resource-types', 'resource types', () => ctx.client.resourceTypes.list()) : Promise.resolve(undefined);

/** A direct read of the object a cached list named (undefined: gone since, or unanswerable). */
async function fresh<T>(ctx: HandlerContext, what: string, get: () => Promise<T>): Promise<T | undefined> {
  return attempt(ctx, what, get);
}

// ---- "already exists on the target" -----------------------------------------------------

/**
 * Configured values that differ from the existing object's (`existing`: the attributes to
 * compare), as the apply's adoption of a create whose answer was lost judges them. Unknown
 * values are not judged; for a set, unset and empty are the same.
 */
function differences(planned: Values, existing: Record<string, unknown>): string[] {
  const norm = (v: unknown, asSet: boolean) => (asSet ? JSON.stringify([...((v as string[] | null) ?? [])].sort()) : JSON.stringify(v === '' ? null : (v ?? null)));
  const judged = (v: unknown) => !isUnknown(v) && !(Array.isArray(v) && v.some(isUnknown));
  return Object.entries(existing)
    .filter(([name, value]) => judged(planned[name]) && norm(planned[name], Array.isArray(value)) !== norm(value, Array.isArray(value)))
    .map(([name]) => name);
}

function existsDiagnostic(typeName: string, what: string, importId: string, path: string, differs: readonly string[]): Diagnostic {
  const importCommand = `terraform import ${typeName}.<name> ${importId}`;
  if (differs.length === 0) {
    return {
      severity: 'warning',
      summary: `${what} already exists on the target and is not in state: the apply adopts it`,
      detail:
        `${what} exists on the target (created outside Terraform, or by an apply whose answer was lost) and matches what this resource creates, ` +
        `so the apply adopts it instead of creating it. To bring it under management before applying, run \`${importCommand}\` ` +
        '(<name>: this resource\'s name in the configuration).',
      path: [path],
    };
  }
  return {
    severity: 'error',
    summary: `${what} already exists on the target: import it with \`${importCommand}\``,
    detail:
      `${what} exists on the target but not in Terraform state (created outside Terraform, or by an apply whose answer was lost), ` +
      `and differs from this configuration in ${differs.join(', ')}; creating it would fail. Import it with \`${importCommand}\` ` +
      `(<name>: this resource's name in the configuration) and plan again to see the changes, or choose another ${path}. Nothing was changed.`,
    path: [path],
  };
}

/** An update (not a create) that would give an object the key another object on the target has. */
function takenDiagnostic(what: string, other: string, path: string): Diagnostic {
  return {
    severity: 'error',
    summary: `${what} already exists on the target: ${path} must be unique`,
    detail: `Another object on the target (${other}) has this ${path}, so changing ${path} to it would fail. Choose another ${path}, or change or remove that object first. Nothing was changed.`,
    path: [path],
  };
}

/** A role's compared fields: its permissions only when it has some (a second call sets them, so a create whose answer was lost leaves none). */
const roleFields = (r: Role) => ({ name: r.name, description: r.description, ...(r.permissions.length > 0 ? { permissions: r.permissions } : {}) });

type ExistsCheck = (ctx: HandlerContext, planned: Values | null, prior: Values | null) => Promise<void>;

/** workos_permission: `slug`. */
export const checkPermissionNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['slug'])) return;
  const slug = planned.slug as string;
  if (!(await permissions(ctx, ledger))?.has(slug)) return;
  const p = await fresh(ctx, `permission ${slug}`, () => ctx.client.permissions.get(slug));
  if (!p) return;
  ctx.diagnostics.push(existsDiagnostic('workos_permission', `permission "${slug}"`, slug, 'slug', differences(planned, { name: p.name, description: p.description })));
};

/** workos_role: `slug` among the environment roles. */
export const checkRoleNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['slug'])) return;
  const slug = planned.slug as string;
  if (!(await environmentRoles(ctx, ledger))?.has(slug)) return;
  const r = await fresh(ctx, `role ${slug}`, () => ctx.client.roles.get(slug));
  if (!r) return;
  const differs = differences(planned, roleFields(r));
  ctx.diagnostics.push(existsDiagnostic('workos_role', `role "${slug}"`, slug, 'slug', differs));
};

/** workos_organization_role: `slug` among the organization's own roles. */
export const checkOrganizationRoleNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['organization_id', 'slug'])) return;
  const [org, slug] = [planned.organization_id as string, planned.slug as string];
  if (!(await organizationRoles(ctx, ledger, org))?.has(slug)) return;
  const r = await fresh(ctx, `role ${slug} of ${org}`, () => ctx.client.organizationRoles.get(org, slug));
  if (!r || r.type !== 'OrganizationRole') return;
  const differs = differences(planned, roleFields(r));
  ctx.diagnostics.push(existsDiagnostic('workos_organization_role', `role "${slug}" of organization ${org}`, `${org}/${slug}`, 'slug', differs));
};

/** workos_resource_type: `slug`. Also notes the creation, so resources of the new type are not reported missing. */
export const checkResourceTypeNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['slug'])) return;
  const slug = planned.slug as string;
  ledger.note(NEW_RESOURCE_TYPE, slug);
  if (!(await resourceTypesList(ctx, ledger))?.some((t) => t.slug === slug)) return;
  const t = await fresh(ctx, `resource type ${slug}`, () => ctx.client.resourceTypes.get(slug));
  if (!t) return;
  ctx.diagnostics.push(existsDiagnostic('workos_resource_type', `resource type "${slug}"`, slug, 'slug', differences(planned, { name: t.name, parent_types: t.parentTypes })));
};

/** workos_resource: type + `external_id` in the organization. Also notes the creation for assignments naming it. */
export const checkResourceNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  // The organization may be unknown (a new one): the creation is noted all the same.
  if (!ledger || planned === null || (prior !== null && ['organization_id', 'resource_type_slug', 'external_id'].every((k) => prior[k] === planned[k]))) return;
  const [org, type, ext] = [planned.organization_id, planned.resource_type_slug, planned.external_id];
  if (!known(type) || !known(ext)) return;
  ledger.note(NEW_RESOURCE, resourceKey(org, type, ext));
  if (!known(org)) return;
  const found = (await resourcesOf(ctx, ledger, org))?.find((r) => r.resourceTypeSlug === type && r.externalId === ext);
  const r = found && (await fresh(ctx, `resource ${found.id}`, () => ctx.client.resources.get(found.id)));
  if (!r) return;
  const differs = differences(planned, { name: r.name, description: r.description, parent_id: r.parentResourceId });
  ctx.diagnostics.push(existsDiagnostic('workos_resource', `${type} "${ext}" of organization ${org}`, r.id, 'external_id', differs));
};

/** workos_user: `email` (WorkOS compares emails without case). */
export const checkUserNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['email'])) return;
  const email = (planned.email as string).toLowerCase();
  const found = (await usersList(ctx, ledger))?.find((u) => u.email.toLowerCase() === email);
  const u = found && (await fresh(ctx, `user ${found.id}`, () => ctx.client.users.get(found.id)));
  if (!u || u.email.toLowerCase() !== email || u.id === prior?.id) return;
  if (prior !== null) return void ctx.diagnostics.push(takenDiagnostic(`user "${u.email}"`, u.id, 'email'));
  const differs = differences(planned, { first_name: u.firstName, last_name: u.lastName });
  ctx.diagnostics.push(existsDiagnostic('workos_user', `user "${u.email}"`, u.id, 'email', differs));
};

/** workos_organization: `external_id`, when set. */
export const checkOrganizationNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['external_id'])) return;
  const ext = planned.external_id as string;
  const found = (await organizationsList(ctx, ledger))?.find((o) => o.externalId === ext);
  const o = found && (await fresh(ctx, `organization ${found.id}`, () => ctx.client.organizations.get(found.id)));
  if (!o || o.externalId !== ext || o.id === prior?.id) return;
  if (prior !== null) return void ctx.diagnostics.push(takenDiagnostic(`organization with external_id "${ext}"`, o.id, 'external_id'));
  ctx.diagnostics.push(existsDiagnostic('workos_organization', `organization with external_id "${ext}"`, o.id, 'external_id', differences(planned, { name: o.name })));
};

/** workos_organization_membership: the user's membership of the organization. */
export const checkMembershipNotOnTarget: ExistsCheck = async (ctx, planned, prior) => {
  const ledger = ctx.plan;
  if (!ledger || !creates(planned, prior, ['organization_id', 'user_id'])) return;
  const [org, user] = [planned.organization_id as string, planned.user_id as string];
  const found = (await membershipsOf(ctx, ledger, org))?.find((m) => m.userId === user);
  const m = found && (await fresh(ctx, `membership ${found.id}`, () => ctx.client.memberships.get(found.id)));
  if (!m) return;
  // Unset roles are unmanaged: whatever the membership has matches.
  const differs = differences(planned, planned.roles === null ? {} : { roles: m.roleSlugs });
  ctx.diagnostics.push(existsDiagnostic('workos_organization_membership', `the membership of user ${user} in organization ${org}`, m.id, 'user_id', differs));
};

// ---- references to objects that do not exist ---------------------------------------------

function missingDiagnostic(attribute: string, what: string, fix: string): Diagnostic {
  return {
    severity: 'error',
    summary: `${what} does not exist`,
    detail: `${attribute} names ${what}, which does not exist on the target and is not created earlier in this plan. ${fix} Nothing was changed.`,
    path: [attribute],
  };
}

const referenceFix = (typeName: string, attribute: string) =>
  `Create it in this configuration and reference it (${typeName}.<name>.${attribute}) so Terraform creates it first, or check the value.`;

/** An attribute holding the id of another object, and how to find that object on the target. */
interface IdReference {
  readonly attribute: string;
  /** E.g. `organization`: the message says `organization "org_…" does not exist`. */
  readonly what: string;
  /** The resource type that creates such objects, for the fix. */
  readonly typeName: string;
  /** The ids the target has, listed once per walk (undefined: no list, or it cannot answer). */
  readonly list?: () => Promise<ReadonlyArray<{ readonly id: string }> | undefined>;
  /** A direct read of one (a list miss is confirmed: the list may predate a create of this walk). */
  readonly get: (id: string) => Promise<unknown>;
}

async function checkIdReference(ctx: HandlerContext, planned: Values | null, prior: Values | null, ref: IdReference): Promise<void> {
  if (!ctx.plan || planned === null || !newReference(planned, prior, ref.attribute)) return;
  const id = planned[ref.attribute] as string;
  if (ref.list) {
    const all = await ref.list();
    if (!all || all.some((x) => x.id === id)) return;
  }
  if ((await exists(ctx, () => ref.get(id))) !== false) return;
  ctx.diagnostics.push(missingDiagnostic(ref.attribute, `${ref.what} "${id}"`, referenceFix(ref.typeName, 'id')));
}

/** organization_id: an organization of the target (workos_organization_role, _membership, workos_resource, mappings). */
export const checkOrganizationReference = (ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> =>
  checkIdReference(ctx, planned, prior, {
    attribute: 'organization_id',
    what: 'organization',
    typeName: 'workos_organization',
    list: () => organizationsList(ctx, ctx.plan!),
    get: (id) => ctx.client.organizations.get(id),
  });

/** user_id of a membership. */
export const checkUserReference = (ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> =>
  checkIdReference(ctx, planned, prior, { attribute: 'user_id', what: 'user', typeName: 'workos_user', list: () => usersList(ctx, ctx.plan!), get: (id) => ctx.client.users.get(id) });

/** organization_membership_id of an assignment (read by id, once per walk: its organization is not configured). */
export const checkMembershipReference = (ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> =>
  checkIdReference(ctx, planned, prior, {
    attribute: 'organization_membership_id',
    what: 'organization membership',
    typeName: 'workos_organization_membership',
    get: (id) => ctx.plan!.memo(`membership-record:${id}`, () => ctx.client.memberships.get(id)),
  });

/** A resource id (`parent_id`, `resource_id`) in `organizationId` (listed once per walk), or, when that is not known, read directly. */
export const checkResourceIdReference = (ctx: HandlerContext, planned: Values | null, prior: Values | null, attribute: string, organizationId: unknown): Promise<void> =>
  checkIdReference(ctx, planned, prior, {
    attribute,
    what: 'resource',
    typeName: 'workos_resource',
    ...(known(organizationId) ? { list: () => resourcesOf(ctx, ctx.plan!, organizationId) } : {}),
    get: (id) => ctx.client.resources.get(id),
  });

/** resource_type_slug: a type of the target or one this plan creates (only where the target serves types). */
export async function checkResourceTypeReference(ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !newReference(planned, prior, 'resource_type_slug')) return;
  const slug = planned.resource_type_slug as string;
  if (ledger.noted(NEW_RESOURCE_TYPE).includes(slug)) return;
  const types = await resourceTypesList(ctx, ledger);
  if (!types || types.some((t) => t.slug === slug)) return;
  if ((await exists(ctx, () => ctx.client.resourceTypes.get(slug))) !== false) return;
  ctx.diagnostics.push(missingDiagnostic('resource_type_slug', `resource type "${slug}"`, referenceFix('workos_resource_type', 'slug')));
}

/** An assignment's resource named by type + external id, in its membership's organization (known, else not judged). */
export async function checkResourceByExternalId(ctx: HandlerContext, planned: Values | null, prior: Values | null, organizationId: unknown): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !known(organizationId) || !known(planned.resource_type_slug) || !newReference(planned, prior, 'resource_external_id')) return;
  const [type, ext] = [planned.resource_type_slug, planned.resource_external_id as string];
  const noted = ledger.noted(NEW_RESOURCE);
  if (noted.includes(resourceKey(organizationId, type, ext)) || noted.includes(resourceKey(undefined, type, ext))) return;
  const resources = await resourcesOf(ctx, ledger, organizationId);
  if (!resources || resources.some((r) => r.resourceTypeSlug === type && r.externalId === ext)) return;
  if ((await exists(ctx, () => ctx.client.resources.getByExternalId(organizationId, type, ext))) !== false) return;
  const fix = 'Create it in this configuration and reference it (workos_resource.<name>.external_id) so Terraform creates it first, or check the type and external id.';
  ctx.diagnostics.push(missingDiagnostic('resource_external_id', `${type} "${ext}" in organization ${organizationId}`, fix));
}

/**
 * directory_id of a workos_directory_group_mapping: a directory of the target (read once per
 * walk), of the mapping's organization when that is known. A mapping scoped to any other id
 * would never match a group (docs/semantics.md, "Scoped mappings"). A directory this plan
 * creates has an unknown id: not judged.
 */
export async function checkDirectoryReference(ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !known(planned.directory_id)) return;
  if (!newReference(planned, prior, 'directory_id') && !newReference(planned, prior, 'organization_id')) return;
  const [id, org] = [planned.directory_id, planned.organization_id];
  const read = () => ledger.memo(`directory:${id}`, () => ctx.client.directories.get(id)); // a failed read is not cached
  if ((await exists(ctx, read)) === false) return void ctx.diagnostics.push(missingDiagnostic('directory_id', `directory "${id}"`, referenceFix('workos_directory', 'id')));
  const directory = await attempt(ctx, `directory ${id}`, read);
  if (!directory || !known(org) || directory.organizationId === org) return;
  ctx.diagnostics.push({
    severity: 'error',
    summary: `directory "${id}" is a directory of another organization (${directory.organizationId})`,
    detail:
      `directory_id names directory "${id}" ("${directory.name}") of organization ${directory.organizationId}, but this mapping belongs to organization ${org}, ` +
      `so it would never match a group. Name a directory of organization ${org} (workos_directory.<name>.id), or leave directory_id unset to match groups of any of its directories. Nothing was changed.`,
    path: ['directory_id'],
  });
}

// ---- multiple roles ----------------------------------------------------------------------

/** Ledger note of a workos_role_policy that sets multiple_roles: `<organization id | environment>=<true|false>`. */
export const MULTIPLE_ROLES = 'multiple roles';

/** workos_role_policy: remembers the mode it sets, so memberships planned after it can count on it. */
export function noteMultipleRoles(ctx: HandlerContext, planned: Values): void {
  if (!ctx.plan || typeof planned.multiple_roles !== 'boolean') return;
  const scope = planned.organization_id === null ? 'environment' : known(planned.organization_id) ? planned.organization_id : '?';
  ctx.plan.note(MULTIPLE_ROLES, `${scope}=${String(planned.multiple_roles)}`);
}

const policyOf = (ctx: HandlerContext, ledger: PlanLedger, organizationId: string) =>
  attempt(ctx, `role policy of ${organizationId}`, () => ledger.memo(`policy:${organizationId}`, () => ctx.client.rolePolicy.get(organizationId)));

/** workos_organization_membership: several `roles` need the organization's multiple-roles mode on (docs/semantics.md). */
export async function checkMultipleRoles(ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !Array.isArray(planned.roles) || !known(planned.organization_id)) return;
  const roles = new Set((planned.roles as unknown[]).filter(known));
  if (roles.size < 2 || (prior !== null && JSON.stringify(prior.roles) === JSON.stringify(planned.roles))) return;
  if (!supports(ctx.capabilities, 'rolePolicy')) return; // only the local control plane tells the mode
  const org = planned.organization_id;
  /** The mode after this plan: as a workos_role_policy planned earlier in this walk sets it (its own, or the environment's it follows), else as it is. */
  const modeAfter = (p: RolePolicy): boolean => {
    const noted = ledger.noted(MULTIPLE_ROLES);
    for (const scope of p.inherited === true ? [org, 'environment'] : [org]) {
      if (noted.includes(`${scope}=true`)) return true;
      if (noted.includes(`${scope}=false`)) return false;
    }
    return p.multipleRoles;
  };
  const cached = await policyOf(ctx, ledger, org);
  if (!cached || modeAfter(cached)) return;
  const policy = await attempt(ctx, `role policy of ${org}`, () => ctx.client.rolePolicy.get(org));
  if (!policy || modeAfter(policy)) return;
  const scope = policy.inherited ? `organization ${org} (it follows the environment's role policy: it has no custom role)` : `organization ${org}`;
  ctx.diagnostics.push({
    severity: 'error',
    summary: `roles names ${roles.size} roles, but multiple-roles mode is off for organization ${org}`,
    detail:
      `Multiple-roles mode ${policy.multipleRoles ? 'is turned off by a workos_role_policy of this plan' : 'is off'} for ${scope}, so a membership holds one role and the apply would fail. ` +
      `Give one role, or turn the mode on with a workos_role_policy (multiple_roles = true) for ${policy.inherited ? 'the environment' : 'this organization'} ` +
      'and make this membership depend on it (depends_on), so the mode is on before the roles are set. Nothing was changed.',
    path: ['roles'],
  });
}
