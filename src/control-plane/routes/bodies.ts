/**
 * Request bodies, and the rules that go with them, shared by more than one resource's routes.
 * Slugs follow the same rules as the provider (src/slug.ts).
 */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { description, displayName, permissionSlug } from '../../slug';
import { HttpError, parseBody } from '../http';
import { ORGANIZATION_RESOURCE_TYPE, type RoleRecord, type State } from '../model';

/** PATCH of a permission or a role: name and description. */
export const updateTextBody = z.object({ name: displayName.optional(), description: description.nullable().optional() }) satisfies z.ZodType<Wire.UpdateRoleDto & Wire.UpdateAuthorizationPermissionDto & Wire.UpdateOrganizationRoleDto>;

const setPermissionsBody = z.object({ permissions: z.array(permissionSlug) }) satisfies z.ZodType<Wire.SetRolePermissionsDto>;
const addPermissionBody = z.object({ slug: permissionSlug }) satisfies z.ZodType<Wire.AddRolePermissionDto>;

/** What a PATCH changes: the given values that differ from the record's (undefined: unchanged). */
export function changedText(record: { name: string; description: string | null }, body: unknown): { name?: string; description?: string | null } {
  const input = parseBody(updateTextBody, body);
  return { name: changed(input.name, record.name), description: changed(input.description, record.description) };
}

/** The new value, or undefined when it is not given or equals the old one. */
export function changed<T>(value: T | undefined, old: T): T | undefined {
  return value !== undefined && value !== old ? value : undefined;
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A role's permissions after `PUT …/permissions`: the listed ones, known, each once. */
export function permissionsToSet(state: State, body: unknown): string[] {
  const input = parseBody(setPermissionsBody, body);
  unknownPermissions(state, input.permissions, (i) => `permissions[${i}]`);
  return [...new Set(input.permissions)];
}

/** A role's permissions after `POST …/permissions`: one more, if it has not got it yet. */
export function permissionsAfterAdding(state: State, role: RoleRecord, body: unknown): string[] {
  const input = parseBody(addPermissionBody, body);
  unknownPermissions(state, [input.slug], () => 'slug');
  return role.permissions.includes(input.slug) ? role.permissions : [...role.permissions, input.slug];
}

function unknownPermissions(state: State, slugs: readonly string[], field: (i: number) => string): void {
  const unknown = slugs.map((s, i) => ({ s, i })).filter(({ s }) => !state.permissions.has(s));
  if (unknown.length) {
    throw new HttpError(
      422,
      'invalid_request_parameters',
      `Validation failed: unknown permission ${unknown.length === 1 ? 'slug' : 'slugs'} ${unknown.map(({ s }) => `'${s}'`).join(', ')}.`,
      unknown.map(({ i }) => ({ field: field(i), code: 'not_found' })),
    );
  }
}

/**
 * Permissions and environment roles are scoped to the organization (its implicit root
 * resource); resource types scope resources and organization roles only.
 */
export function checkOrganizationScope(slug: string | undefined): void {
  if (slug !== undefined && slug !== ORGANIZATION_RESOURCE_TYPE) {
    throw new HttpError(422, 'invalid_request_parameters', `Validation failed: resource_type_slug "${slug}" does not exist (only "${ORGANIZATION_RESOURCE_TYPE}").`, [
      { field: 'resource_type_slug', code: 'not_found' },
    ]);
  }
}
