/**
 * Organization memberships (`workos_organization_membership`) in the client: the domain type,
 * both directions of the wire format, and `client.memberships`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';
import { wireSlimRole } from './role';

export interface OrganizationMembership {
  readonly id: string;
  readonly organizationId: string;
  readonly userId: string;
  /** Organization-level role slugs (one unless multiple-roles mode is on). */
  readonly roleSlugs: readonly string[];
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateMembershipInput { readonly organizationId: string; readonly userId: string; readonly roleSlugs?: readonly string[] }

/**
 * The spec has `role`; WorkOS adds `roles` (all of them) in multiple-roles mode. The local
 * control plane answers `role: null` for an inactive membership (its directory user was
 * deactivated), which holds no role.
 */
export const wireMembership = z.object({
  object: z.literal('organization_membership'),
  id: z.string(),
  user_id: z.string(),
  organization_id: z.string(),
  status: z.string(),
  role: wireSlimRole.nullable(),
  roles: z.array(wireSlimRole).optional(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Pick<Wire.UserlandUserOrganizationMembership, 'object' | 'id' | 'user_id' | 'organization_id' | 'created_at' | 'updated_at'>>;

export const wireMembershipList = pageOf(wireMembership);

export function toMembership(w: z.infer<typeof wireMembership>): OrganizationMembership {
  return {
    id: w.id,
    organizationId: w.organization_id,
    userId: w.user_id,
    roleSlugs: w.roles?.length ? w.roles.map((r) => r.slug) : w.role ? [w.role.slug] : [],
    status: w.status,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

/** One role goes as `role_slug`, several as `role_slugs` (the spec's oneOf). */
function roleSlugsBody(roleSlugs: readonly string[] | undefined): Wire.UpdateUserlandUserOrganizationMembershipDto {
  if (roleSlugs === undefined || roleSlugs.length === 0) return {};
  return roleSlugs.length === 1 ? { role_slug: roleSlugs[0] } : { role_slugs: [...roleSlugs] };
}

export function createMembershipBody(input: CreateMembershipInput) {
  const body = { organization_id: input.organizationId, user_id: input.userId, ...roleSlugsBody(input.roleSlugs) };
  return body satisfies Wire.CreateUserlandUserOrganizationMembershipDto;
}

export function setMembershipRolesBody(roleSlugs: readonly string[]): Wire.UpdateUserlandUserOrganizationMembershipDto {
  return roleSlugsBody(roleSlugs);
}

export class MembershipsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Without roleSlugs the membership gets the scope's default role. Several roles need multiple-roles mode (else 422). */
  async create(input: CreateMembershipInput): Promise<OrganizationMembership> {
    const body = createMembershipBody(input);
    return toMembership(
      await this.http.call('POST', '/user_management/organization_memberships', { body, idempotencyKey: newIdempotencyKey(), schema: wireMembership }),
    );
  }

  async get(id: string): Promise<OrganizationMembership> {
    return toMembership(await this.http.call('GET', path`/user_management/organization_memberships/${id}`, { schema: wireMembership }));
  }

  async *list(filter: { organizationId?: string; userId?: string }): AsyncIterable<OrganizationMembership> {
    const query = { organization_id: filter.organizationId, user_id: filter.userId };
    for await (const m of paginate(this.http, '/user_management/organization_memberships', wireMembershipList, query)) yield toMembership(m);
  }

  async setRoles(id: string, roleSlugs: readonly string[]): Promise<OrganizationMembership> {
    if (roleSlugs.length === 0) throw new Error('setRoles needs at least one role slug');
    const body = setMembershipRolesBody(roleSlugs);
    return toMembership(await this.http.call('PUT', path`/user_management/organization_memberships/${id}`, { body, schema: wireMembership }));
  }

  /** Also removes the membership's resource assignments. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/user_management/organization_memberships/${id}`);
  }
}
