/**
 * Role assignments on resources (`workos_resource_assignment`) in the client, and the access
 * check they answer (`workos_access_check`): domain types, both directions of the wire format,
 * and `client.roleAssignments`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';
import { wireSlimRole } from './role';

export interface RoleAssignment {
  readonly id: string;
  readonly organizationMembershipId: string;
  readonly roleSlug: string;
  readonly resourceId: string;
  readonly resourceTypeSlug: string;
  readonly resourceExternalId: string;
}

/** A resource named by id, or by type + external id (within the membership's organization). */
export type ResourceRef = { readonly resourceId: string } | { readonly resourceTypeSlug: string; readonly resourceExternalId: string };

export type CreateRoleAssignmentInput = { readonly roleSlug: string } & ResourceRef;
export type AccessCheckInput = { readonly permissionSlug: string } & ResourceRef;

export const wireRoleAssignment = z.object({
  object: z.literal('role_assignment'),
  id: z.string(),
  role: wireSlimRole,
  resource: z.object({ id: z.string(), external_id: z.string(), resource_type_slug: z.string() }),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.RoleAssignment>;

export const wireRoleAssignmentList = pageOf(wireRoleAssignment) satisfies z.ZodType<Wire.RoleAssignmentList>;

export const wireAuthorizationCheck = z.object({ authorized: z.boolean() }) satisfies z.ZodType<Wire.AuthorizationCheck>;

/** The wire object does not name its membership; the caller knows it from the path. */
export function toRoleAssignment(organizationMembershipId: string, w: z.infer<typeof wireRoleAssignment>): RoleAssignment {
  return {
    id: w.id,
    organizationMembershipId,
    roleSlug: w.role.slug,
    resourceId: w.resource.id,
    resourceTypeSlug: w.resource.resource_type_slug,
    resourceExternalId: w.resource.external_id,
  };
}

function resourceRefBody(ref: ResourceRef): { resource_id: string } | { resource_type_slug: string; resource_external_id: string } {
  return 'resourceId' in ref ? { resource_id: ref.resourceId } : { resource_type_slug: ref.resourceTypeSlug, resource_external_id: ref.resourceExternalId };
}

export function createRoleAssignmentBody(input: CreateRoleAssignmentInput) {
  return { role_slug: input.roleSlug, ...resourceRefBody(input) } satisfies Wire.AssignRoleDto;
}

export function accessCheckBody(input: AccessCheckInput) {
  return { permission_slug: input.permissionSlug, ...resourceRefBody(input) } satisfies Wire.CheckAuthorizationDto;
}

export class RoleAssignmentsApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(organizationMembershipId: string): AsyncIterable<RoleAssignment> {
    const reqPath = path`/authorization/organization_memberships/${organizationMembershipId}/role_assignments`;
    for await (const a of paginate(this.http, reqPath, wireRoleAssignmentList)) yield toRoleAssignment(organizationMembershipId, a);
  }

  async create(organizationMembershipId: string, input: CreateRoleAssignmentInput): Promise<RoleAssignment> {
    const w = await this.http.call('POST', path`/authorization/organization_memberships/${organizationMembershipId}/role_assignments`, {
      body: createRoleAssignmentBody(input),
      idempotencyKey: newIdempotencyKey(),
      schema: wireRoleAssignment,
    });
    return toRoleAssignment(organizationMembershipId, w);
  }

  async delete(organizationMembershipId: string, assignmentId: string): Promise<void> {
    await this.http.call('DELETE', path`/authorization/organization_memberships/${organizationMembershipId}/role_assignments/${assignmentId}`);
  }

  /** Through the membership's organization roles, or a role assigned on the resource or any ancestor. */
  async check(organizationMembershipId: string, input: AccessCheckInput): Promise<{ authorized: boolean }> {
    // A read: safe to retry, hence the idempotency key.
    const w = await this.http.call('POST', path`/authorization/organization_memberships/${organizationMembershipId}/check`, {
      body: accessCheckBody(input),
      idempotencyKey: newIdempotencyKey(),
      schema: wireAuthorizationCheck,
    });
    return { authorized: w.authorized };
  }
}
