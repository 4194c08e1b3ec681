/**
 * "Test mapped attributes" (workos_effective_roles): which roles given groups and attributes
 * get in the environment or an organization, and why (docs/semantics.md, "Resolution").
 * Dashboard-only in WorkOS (`/_dashboard/…resolve-roles`).
 */
import { z } from 'zod';
import { resolveEffectiveRoles, type AttributeMapping, type GroupMapping, type RoleTopology } from '../../resolution';
import { parseBody, type Handler, type RouteTable } from '../http';
import { effectivePolicy, type OrganizationRecord, type State } from '../model';
import { organizationOr404 } from './organization';

const resolveBody = z.object({
  directory_groups: z.array(z.string()).optional(),
  sso_groups: z.array(z.string()).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

function topologyOf(state: State, org: OrganizationRecord | undefined): RoleTopology {
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

export const EFFECTIVE_ROLES_ROUTES: RouteTable = [
  ['POST', '/_dashboard/resolve-roles', resolveEnvironmentRoles],
  ['POST', '/_dashboard/organizations/:id/resolve-roles', resolveOrganizationRoles],
];
