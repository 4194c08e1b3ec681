/**
 * Role mappings: directory group, SSO group and attribute mappings of one organization
 * (workos_directory_group_mapping, workos_sso_group_mapping, workos_attribute_mapping).
 * Dashboard-only in WorkOS (`/_dashboard/…role-mappings`).
 */
import { z } from 'zod';
import { roleMode, roleSlug } from '../../slug';
import { commitCreate, HttpError, invalid, notFound, now, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { findScopeRole, type OrganizationRecord, type RoleMappingRecord, type State } from '../model';
import { roleMappingToWire } from '../wire';
import { sameList } from './bodies';
import { organizationOr404 } from './organization';

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

/**
 * A directory mapping's `source_id` names a directory of its organization: a mapping scoped
 * to any other id would never match a group (docs/semantics.md, "Scoped mappings"). An SSO
 * mapping's `source_id` is a connection id, not checked here.
 */
function checkMappingDirectory(state: State, org: OrganizationRecord, sourceId: string): void {
  const directory = state.directories.get(sourceId);
  if (directory?.organizationId === org.id) return;
  const why = directory ? `'${sourceId}' is a directory of organization '${directory.organizationId}', not of '${org.id}'` : `no directory '${sourceId}' exists`;
  throw invalid('source_id', 'not_found', `source_id must name a directory of organization '${org.id}': ${why}.`);
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
  if (input.kind === 'directory' && input.source_id) checkMappingDirectory(store.state, org, input.source_id);
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
  const rolesChanged = roles !== undefined && !sameList(roles, m.roles);
  const mode = input.mode !== undefined && input.mode !== m.mode ? input.mode : undefined;
  if (rolesChanged || mode !== undefined) store.commit({ type: 'role_mapping.updated', id: m.id, roles: rolesChanged ? roles : undefined, mode, at: now() });
  return { status: 200, body: roleMappingToWire(m) };
};

const deleteMapping: Handler = (store, { params }) => {
  const m = mappingOr404(store.state, params.id);
  store.commit({ type: 'role_mapping.deleted', id: m.id, at: now() });
  return { status: 204 };
};

export const ROLE_MAPPING_ROUTES: RouteTable = [
  ['GET', '/_dashboard/organizations/:id/role-mappings', listMappings],
  ['POST', '/_dashboard/organizations/:id/role-mappings', createMapping],
  ['GET', '/_dashboard/role-mappings/:id', getMapping],
  ['PATCH', '/_dashboard/role-mappings/:id', updateMapping],
  ['DELETE', '/_dashboard/role-mappings/:id', deleteMapping],
];
