/**
 * Role mappings in the client: directory group, SSO group and attribute → roles, in one
 * organization (`workos_directory_group_mapping`, `workos_sso_group_mapping`,
 * `workos_attribute_mapping`; docs/semantics.md). Dashboard-only in WorkOS: the local control
 * plane serves them under `/_dashboard/`.
 */
import { z } from 'zod';
import type { RoleMode } from '../resolution';
import { newIdempotencyKey, path, type HttpTransport } from './http';

export type MappingKind = 'directory' | 'sso' | 'attribute';

/** Directory group, SSO group or attribute → roles, in one organization. */
export interface RoleMapping {
  readonly id: string;
  readonly kind: MappingKind;
  readonly organizationId: string;
  /** directory: directory id; sso: connection id; attribute: null. */
  readonly sourceId: string | null;
  /** directory/sso: group name or IdP id; attribute: attribute name. */
  readonly group: string;
  /** attribute mappings only: the value that selects the roles. */
  readonly value: string | null;
  readonly roles: readonly string[];
  readonly mode: RoleMode | null;
}

export interface UpdateRoleMappingInput { readonly roles?: readonly string[]; readonly mode?: RoleMode | null }

export const wireRoleMapping = z.object({
  object: z.literal('role_mapping'),
  id: z.string(),
  kind: z.enum(['directory', 'sso', 'attribute']),
  organization_id: z.string(),
  source_id: z.string().nullable(),
  group: z.string(),
  value: z.string().nullable(),
  roles: z.array(z.string()),
  mode: z.enum(['exclusive', 'additive']).nullable(),
});
export const wireRoleMappingList = z.object({ object: z.literal('list'), data: z.array(wireRoleMapping) });

export function toRoleMapping(w: z.infer<typeof wireRoleMapping>): RoleMapping {
  return { id: w.id, kind: w.kind, organizationId: w.organization_id, sourceId: w.source_id, group: w.group, value: w.value, roles: w.roles, mode: w.mode };
}

export function createRoleMappingBody(input: Omit<RoleMapping, 'id'>) {
  return { kind: input.kind, source_id: input.sourceId, group: input.group, value: input.value, roles: [...input.roles], mode: input.mode };
}

export function updateRoleMappingBody(input: UpdateRoleMappingInput) {
  return { roles: input.roles === undefined ? undefined : [...input.roles], mode: input.mode };
}

/** `/_dashboard/organizations/{id}/role-mappings`, `/_dashboard/role-mappings/{id}`. */
export class RoleMappingsApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(organizationId: string): AsyncIterable<RoleMapping> {
    const page = await this.http.call('GET', path`/_dashboard/organizations/${organizationId}/role-mappings`, { schema: wireRoleMappingList });
    for (const m of page.data) yield toRoleMapping(m);
  }

  async get(id: string): Promise<RoleMapping> {
    return toRoleMapping(await this.http.call('GET', path`/_dashboard/role-mappings/${id}`, { schema: wireRoleMapping }));
  }

  /** Roles must be environment roles or this organization's own (UnprocessableEntityError naming them otherwise). */
  async create(input: Omit<RoleMapping, 'id'>): Promise<RoleMapping> {
    return toRoleMapping(
      await this.http.call('POST', path`/_dashboard/organizations/${input.organizationId}/role-mappings`, {
        body: createRoleMappingBody(input),
        idempotencyKey: newIdempotencyKey(),
        schema: wireRoleMapping,
      }),
    );
  }

  async update(id: string, input: UpdateRoleMappingInput): Promise<RoleMapping> {
    return toRoleMapping(await this.http.call('PATCH', path`/_dashboard/role-mappings/${id}`, { body: updateRoleMappingBody(input), schema: wireRoleMapping }));
  }

  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/_dashboard/role-mappings/${id}`);
  }
}
