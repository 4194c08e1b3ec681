/**
 * Organization roles (WorkOS's `/authorization/organizations/{organizationId}/roles…`), and the
 * dashboard-only parts of the role topology under `/_dashboard/`: role policy (priority order,
 * default role, multiple-roles mode), group/attribute role mappings and "test mapped attributes".
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { resolveEffectiveRoles, type AttributeMapping, type GroupMapping, type RoleTopology } from '../resolution';
import { description, displayName, organizationRoleSlug, permissionSlug, roleMode, roleSlug } from '../slug';
import { commitCreate, HttpError, invalid, notFound, now, parseBody, unknownPermissions, type Handler, type RouteTable } from './handler';
import { newId } from './ids';
import { organizationOr404 } from './routes-directory';
import {
  effectivePolicy,
  findRole,
  findScopeRole,
  ORGANIZATION_RESOURCE_TYPE,
  type OrganizationRecord,
  type RoleMappingRecord,
  type RoleRecord,
  type State,
} from './model';
import {
  roleMappingToWire,
  rolePolicyToWire,
  roleToWire,
} from './wire';

// Organization roles.

const createOrganizationRoleBody = z.object({
  slug: z.string().optional(),
  name: displayName,
  description: description.nullable().optional(),
  resource_type_slug: z.string().optional(),
});
const updateRoleBody = z.object({ name: displayName.optional(), description: description.nullable().optional() });
const setPermissionsBody = z.object({ permissions: z.array(permissionSlug) });
const addPermissionBody = z.object({ slug: permissionSlug });

function organizationRoleOr404(org: OrganizationRecord, slug: string): RoleRecord {
  const r = org.roles.find((x) => x.slug === slug);
  if (!r) throw notFound('Role', slug);
  return r;
}

/** Environment roles and the organization's own, in the organization's priority order. */
function scopeRolesInOrder(state: State, org: OrganizationRecord) {
  const order = effectivePolicy(state, org).priority;
  const own = new Set(org.roles.map((r) => r.slug));
  return order.map((slug) => (own.has(slug) ? roleToWire(findScopeRole(state, org, slug)!, 'OrganizationRole') : roleToWire(findRole(state, slug)!)));
}

/** "Billing Admins" → "org-billing-admins-x7k2q9" (SEMANTICS: a slug left out is made from the name plus a random suffix). */
function slugFromName(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 33);
  return `org-${base ? `${base}-` : ''}${randomBytes(4).toString('hex')}`;
}

const listOrganizationRoles: Handler = (store, { params }) => {
  const org = organizationOr404(store.state, params.organizationId);
  return { status: 200, body: { object: 'list', data: scopeRolesInOrder(store.state, org) } };
};

const createOrganizationRole: Handler = (store, { params, body, idempotency }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const input = parseBody(createOrganizationRoleBody, body);
  const slug = input.slug ?? slugFromName(input.name);
  parseBody(z.object({ slug: organizationRoleSlug }), { slug });
  if (input.resource_type_slug !== undefined && input.resource_type_slug !== ORGANIZATION_RESOURCE_TYPE && !store.state.resourceTypes.has(input.resource_type_slug)) {
    throw invalid('resource_type_slug', 'not_found', `resource_type_slug '${input.resource_type_slug}' does not exist.`);
  }
  if (org.roles.some((r) => r.slug === slug)) {
    throw new HttpError(409, 'organization_role_slug_conflict', `Organization '${org.id}' already has a role with slug '${slug}'.`);
  }
  const at = now();
  const role: RoleRecord = { id: newId('role'), slug, name: input.name, description: input.description ?? null, permissions: [], createdAt: at, updatedAt: at };
  return commitCreate(store, idempotency, { type: 'organization_role.created', organizationId: org.id, role }, roleToWire(role, 'OrganizationRole'));
};

/** Environment roles are readable here too (WorkOS lists both); only the organization's own can change. */
const getOrganizationRole: Handler = (store, { params }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const own = org.roles.find((r) => r.slug === params.slug);
  if (own) return { status: 200, body: roleToWire(own, 'OrganizationRole') };
  const env = findRole(store.state, params.slug);
  if (env) return { status: 200, body: roleToWire(env) };
  throw notFound('Role', params.slug);
};

const updateOrganizationRole: Handler = (store, { params, body }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const r = organizationRoleOr404(org, params.slug);
  const input = parseBody(updateRoleBody, body);
  const name = input.name !== undefined && input.name !== r.name ? input.name : undefined;
  const desc = input.description !== undefined && input.description !== r.description ? input.description : undefined;
  if (name !== undefined || desc !== undefined) store.commit({ type: 'organization_role.updated', organizationId: org.id, slug: r.slug, name, description: desc, at: now() });
  return { status: 200, body: roleToWire(r, 'OrganizationRole') };
};

function setPermissions(store: Parameters<Handler>[0], org: OrganizationRecord, r: RoleRecord, permissions: string[]) {
  const same = permissions.length === r.permissions.length && permissions.every((s, i) => s === r.permissions[i]);
  if (!same) store.commit({ type: 'organization_role.permissions_set', organizationId: org.id, slug: r.slug, permissions, at: now() });
  return { status: 200, body: roleToWire(r, 'OrganizationRole') };
}

const setOrganizationRolePermissions: Handler = (store, { params, body }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const r = organizationRoleOr404(org, params.slug);
  const input = parseBody(setPermissionsBody, body);
  unknownPermissions(store, input.permissions, (i) => `permissions[${i}]`);
  return setPermissions(store, org, r, [...new Set(input.permissions)]);
};

const addOrganizationRolePermission: Handler = (store, { params, body }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const r = organizationRoleOr404(org, params.slug);
  const input = parseBody(addPermissionBody, body);
  unknownPermissions(store, [input.slug], () => 'slug');
  return setPermissions(store, org, r, r.permissions.includes(input.slug) ? r.permissions : [...r.permissions, input.slug]);
};

const removeOrganizationRolePermission: Handler = (store, { params }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const r = organizationRoleOr404(org, params.slug);
  if (!r.permissions.includes(params.permissionSlug)) throw notFound('Permission', params.permissionSlug);
  return setPermissions(store, org, r, r.permissions.filter((s) => s !== params.permissionSlug));
};

/** 409 while anything uses the role: WorkOS's `role_has_assignments` / `role_has_group_role_mappings`. */
const deleteOrganizationRole: Handler = (store, { params }) => {
  const state = store.state;
  const org = organizationOr404(state, params.organizationId);
  const r = organizationRoleOr404(org, params.slug);
  const members = [...state.memberships.values()].filter((m) => m.organizationId === org.id && m.roleSlugs.includes(r.slug));
  const assignments = [...state.roleAssignments.values()].filter((a) => a.roleSlug === r.slug && state.memberships.get(a.membershipId)?.organizationId === org.id);
  if (members.length || assignments.length) {
    throw new HttpError(
      409,
      'role_has_assignments',
      `Role '${r.slug}' is still assigned (${members.length} organization membership(s), ${assignments.length} resource assignment(s)); reassign or remove them first.`,
    );
  }
  const mappings = [...state.roleMappings.values()].filter((m) => m.organizationId === org.id && m.roles.includes(r.slug));
  if (mappings.length) {
    throw new HttpError(409, 'role_has_group_role_mappings', `Role '${r.slug}' is used by role mapping(s) ${mappings.map((m) => `'${m.id}'`).join(', ')}; change or remove them first.`);
  }
  if (org.policy?.defaultRoleSlug === r.slug) {
    throw new HttpError(409, 'default_role_cannot_be_deleted', `Role '${r.slug}' is the default role of organization '${org.id}' and cannot be deleted.`);
  }
  store.commit({ type: 'organization_role.deleted', organizationId: org.id, slug: r.slug, at: now() });
  return { status: 204 };
};

// Role policy (dashboard-only in WorkOS).

const updatePolicyBody = z.object({
  priority: z.array(roleSlug).optional(),
  default_role: roleSlug.optional(),
  multiple_roles: z.boolean().optional(),
});

function policyReply(state: State, org: OrganizationRecord | undefined) {
  return { status: 200, body: rolePolicyToWire(org?.id ?? null, effectivePolicy(state, org), org !== undefined && org.policy === null) };
}

const getEnvironmentPolicy: Handler = (store) => policyReply(store.state, undefined);
const getOrganizationPolicy: Handler = (store, { params }) => policyReply(store.state, organizationOr404(store.state, params.id));

function updatePolicy(store: Parameters<Handler>[0], org: OrganizationRecord | undefined, body: unknown) {
  const state = store.state;
  const input = parseBody(updatePolicyBody, body);
  if (org && !org.policy) {
    throw new HttpError(
      409,
      'organization_has_no_custom_roles',
      `Organization '${org.id}' has no custom roles, so the environment's role policy applies to it; create an organization role first, or change the environment's policy.`,
    );
  }
  const current = effectivePolicy(state, org);
  const inScope = (slug: string) => findScopeRole(state, org, slug) !== undefined;
  let priority: string[] | undefined;
  if (input.priority !== undefined) {
    const unknown = input.priority.map((s, i) => ({ s, i })).filter(({ s }) => !inScope(s));
    if (unknown.length) {
      throw new HttpError(
        422,
        'invalid_request_parameters',
        `Validation failed: priority names unknown role(s) ${unknown.map(({ s }) => `'${s}'`).join(', ')}.`,
        unknown.map(({ i }) => ({ field: `priority[${i}]`, code: 'not_found' })),
      );
    }
    if (new Set(input.priority).size !== input.priority.length) throw invalid('priority', 'duplicate', 'priority lists a role twice.');
    // The given roles head the order in this sequence; the rest keep their relative order below.
    const head = new Set(input.priority);
    const next = [...input.priority, ...current.priority.filter((s) => !head.has(s))];
    if (next.some((s, i) => s !== current.priority[i])) priority = next;
  }
  if (input.default_role !== undefined && !inScope(input.default_role)) {
    throw invalid('default_role', 'not_found', `default_role '${input.default_role}' is not a role of ${org ? `the environment or organization '${org.id}'` : 'the environment'}.`);
  }
  const defaultRoleSlug = input.default_role !== undefined && input.default_role !== current.defaultRoleSlug ? input.default_role : undefined;
  const multipleRoles = input.multiple_roles !== undefined && input.multiple_roles !== current.multipleRoles ? input.multiple_roles : undefined;
  if (priority || defaultRoleSlug !== undefined || multipleRoles !== undefined) {
    store.commit({ type: 'policy.updated', organizationId: org?.id ?? null, priority, defaultRoleSlug, multipleRoles, at: now() });
  }
  return policyReply(state, org);
}

const updateEnvironmentPolicy: Handler = (store, { body }) => updatePolicy(store, undefined, body);
const updateOrganizationPolicy: Handler = (store, { params, body }) => updatePolicy(store, organizationOr404(store.state, params.id), body);

// Role mappings (dashboard-only in WorkOS).

const mappingRoles = z.array(roleSlug).min(1, 'must name at least one role');
const createMappingBody = z.object({
  kind: z.enum(['directory', 'sso', 'attribute']),
  source_id: z.string().min(1).nullable().optional(),
  group: z.string().min(1, 'must not be empty'),
  value: z.string().nullable().optional(),
  roles: mappingRoles,
  mode: roleMode.nullable().optional(),
});
const updateMappingBody = z.object({ roles: mappingRoles.optional(), mode: roleMode.nullable().optional() });

/** Environment roles or the organization's own; another organization's role is named as such. */
function checkMappingRoles(state: State, org: OrganizationRecord, roles: readonly string[]): string[] {
  const bad = roles.map((s, i) => ({ s, i })).filter(({ s }) => !findScopeRole(state, org, s));
  if (bad.length) {
    const why = (s: string) => {
      const owner = [...state.organizations.values()].find((o) => o.id !== org.id && o.roles.some((r) => r.slug === s));
      return owner ? `'${s}' is a role of another organization ('${owner.id}')` : `'${s}' is not a role`;
    };
    throw new HttpError(
      422,
      'invalid_request_parameters',
      `Validation failed: roles must be environment roles or roles of organization '${org.id}': ${bad.map(({ s }) => why(s)).join('; ')}.`,
      bad.map(({ i }) => ({ field: `roles[${i}]`, code: 'not_found' })),
    );
  }
  return [...new Set(roles)];
}

function mappingOr404(state: State, id: string): RoleMappingRecord {
  const m = state.roleMappings.get(id);
  if (!m) throw notFound('Role mapping', id);
  return m;
}

const listMappings: Handler = (store, { params }) => {
  const org = organizationOr404(store.state, params.id);
  const data = [...store.state.roleMappings.values()].filter((m) => m.organizationId === org.id).map(roleMappingToWire);
  return { status: 200, body: { object: 'list', data } };
};

const createMapping: Handler = (store, { params, body, idempotency }) => {
  const org = organizationOr404(store.state, params.id);
  const input = parseBody(createMappingBody, body);
  const value = input.value ?? null;
  if (input.kind === 'attribute' && value === null) throw invalid('value', 'required', 'value is required for an attribute mapping.');
  if (input.kind !== 'attribute' && value !== null) throw invalid('value', 'invalid', `value only applies to attribute mappings, not ${input.kind} mappings.`);
  const roles = checkMappingRoles(store.state, org, input.roles);
  const at = now();
  const mapping: RoleMappingRecord = {
    id: newId('role_mapping'),
    kind: input.kind,
    organizationId: org.id,
    sourceId: input.source_id ?? null,
    group: input.group,
    value,
    roles,
    mode: input.mode ?? null,
    createdAt: at,
    updatedAt: at,
  };
  return commitCreate(store, idempotency, { type: 'role_mapping.created', mapping }, roleMappingToWire(mapping));
};

const getMapping: Handler = (store, { params }) => ({ status: 200, body: roleMappingToWire(mappingOr404(store.state, params.id)) });

const updateMapping: Handler = (store, { params, body }) => {
  const m = mappingOr404(store.state, params.id);
  const input = parseBody(updateMappingBody, body);
  const roles = input.roles === undefined ? undefined : checkMappingRoles(store.state, organizationOr404(store.state, m.organizationId), input.roles);
  const rolesChanged = roles !== undefined && (roles.length !== m.roles.length || roles.some((s, i) => s !== m.roles[i]));
  const mode = input.mode !== undefined && input.mode !== m.mode ? input.mode : undefined;
  if (rolesChanged || mode !== undefined) store.commit({ type: 'role_mapping.updated', id: m.id, roles: rolesChanged ? roles : undefined, mode, at: now() });
  return { status: 200, body: roleMappingToWire(m) };
};

const deleteMapping: Handler = (store, { params }) => {
  const m = mappingOr404(store.state, params.id);
  store.commit({ type: 'role_mapping.deleted', id: m.id, at: now() });
  return { status: 204 };
};

// "Test mapped attributes": resolveEffectiveRoles over the scope's mappings and policy.

const resolveBody = z.object({
  directory_groups: z.array(z.string()).optional(),
  sso_groups: z.array(z.string()).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

export function topologyOf(state: State, org: OrganizationRecord | undefined): RoleTopology {
  const policy = effectivePolicy(state, org);
  const mappings = org ? [...state.roleMappings.values()].filter((m) => m.organizationId === org.id) : [];
  // No `id` label: the engine then names each mapping by what it matched and the role it gave
  // (`directory group "Engineering" → developer`), which reads better than a mapping id.
  const group = (kind: 'directory' | 'sso'): GroupMapping[] => mappings.filter((m) => m.kind === kind).map((m) => ({ group: m.group, roles: m.roles, mode: m.mode ?? undefined }));
  const attributeMappings: AttributeMapping[] = mappings
    .filter((m) => m.kind === 'attribute')
    .map((m) => ({ attribute: m.group, value: m.value ?? '', roles: m.roles, mode: m.mode ?? undefined }));
  return {
    defaultRole: policy.defaultRoleSlug,
    priority: policy.priority,
    multipleRoles: policy.multipleRoles,
    directoryMappings: group('directory'),
    ssoMappings: group('sso'),
    attributeMappings,
  };
}

function resolveReply(state: State, org: OrganizationRecord | undefined, body: unknown) {
  const input = parseBody(resolveBody, body ?? {});
  const r = resolveEffectiveRoles(topologyOf(state, org), { directoryGroups: input.directory_groups, ssoGroups: input.sso_groups, attributes: input.attributes });
  return { status: 200, body: { roles: r.roles, reasons: r.reasons, dropped: r.dropped } };
}

const resolveEnvironmentRoles: Handler = (store, { body }) => resolveReply(store.state, undefined, body);
const resolveOrganizationRoles: Handler = (store, { params, body }) => resolveReply(store.state, organizationOr404(store.state, params.id), body);

export const ROLE_TOPOLOGY_ROUTES: RouteTable = [
  ['GET', '/authorization/organizations/:organizationId/roles', listOrganizationRoles],
  ['POST', '/authorization/organizations/:organizationId/roles', createOrganizationRole],
  ['GET', '/authorization/organizations/:organizationId/roles/:slug', getOrganizationRole],
  ['PATCH', '/authorization/organizations/:organizationId/roles/:slug', updateOrganizationRole],
  ['DELETE', '/authorization/organizations/:organizationId/roles/:slug', deleteOrganizationRole],
  ['PUT', '/authorization/organizations/:organizationId/roles/:slug/permissions', setOrganizationRolePermissions],
  ['POST', '/authorization/organizations/:organizationId/roles/:slug/permissions', addOrganizationRolePermission],
  ['DELETE', '/authorization/organizations/:organizationId/roles/:slug/permissions/:permissionSlug', removeOrganizationRolePermission],
  // Dashboard-only in WorkOS.
  ['GET', '/_dashboard/role-policy', getEnvironmentPolicy],
  ['PATCH', '/_dashboard/role-policy', updateEnvironmentPolicy],
  ['GET', '/_dashboard/organizations/:id/role-policy', getOrganizationPolicy],
  ['PATCH', '/_dashboard/organizations/:id/role-policy', updateOrganizationPolicy],
  ['GET', '/_dashboard/organizations/:id/role-mappings', listMappings],
  ['POST', '/_dashboard/organizations/:id/role-mappings', createMapping],
  ['GET', '/_dashboard/role-mappings/:id', getMapping],
  ['PATCH', '/_dashboard/role-mappings/:id', updateMapping],
  ['DELETE', '/_dashboard/role-mappings/:id', deleteMapping],
  ['POST', '/_dashboard/resolve-roles', resolveEnvironmentRoles],
  ['POST', '/_dashboard/organizations/:id/resolve-roles', resolveOrganizationRoles],
];
