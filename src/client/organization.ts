/**
 * Organizations (`workos_organization`) in the client: the domain type, both directions of the
 * wire format, and `client.organizations`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly externalId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateOrganizationInput { readonly name: string; readonly externalId?: string | null }
export interface UpdateOrganizationInput { readonly name?: string; readonly externalId?: string | null }

/** The fields of the spec's Organization this client reads. */
type WireOrganization = Pick<Wire.Organization, 'object' | 'id' | 'name' | 'external_id' | 'created_at' | 'updated_at'>;

export const wireOrganization = z.object({
  object: z.literal('organization'),
  id: z.string(),
  name: z.string(),
  external_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<WireOrganization>;

export const wireOrganizationList = pageOf(wireOrganization) satisfies z.ZodType<Omit<Wire.OrganizationList, 'data'> & { data: WireOrganization[] }>;

export function toOrganization(w: z.infer<typeof wireOrganization>): Organization {
  return { id: w.id, name: w.name, externalId: w.external_id, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function createOrganizationBody(input: CreateOrganizationInput) {
  return { name: input.name, external_id: input.externalId ?? null } satisfies Wire.OrganizationDto;
}

export function updateOrganizationBody(input: UpdateOrganizationInput) {
  return { name: input.name, external_id: input.externalId } satisfies Wire.UpdateOrganizationDto;
}

export class OrganizationsApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(): AsyncIterable<Organization> {
    for await (const o of paginate(this.http, '/organizations', wireOrganizationList)) yield toOrganization(o);
  }

  async create(input: CreateOrganizationInput): Promise<Organization> {
    const body = createOrganizationBody(input);
    return toOrganization(await this.http.call('POST', '/organizations', { body, idempotencyKey: newIdempotencyKey(), schema: wireOrganization }));
  }

  async get(id: string): Promise<Organization> {
    return toOrganization(await this.http.call('GET', path`/organizations/${id}`, { schema: wireOrganization }));
  }

  async update(id: string, input: UpdateOrganizationInput): Promise<Organization> {
    return toOrganization(await this.http.call('PUT', path`/organizations/${id}`, { body: updateOrganizationBody(input), schema: wireOrganization }));
  }

  /** Also removes its memberships, organization roles, role mappings and resources. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/organizations/${id}`);
  }
}
