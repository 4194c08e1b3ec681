/**
 * Authorization resources (`workos_resource`) in the client: the domain type, both directions
 * of the wire format, and `client.resources`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';

export interface AuthorizationResource {
  readonly id: string;
  readonly organizationId: string;
  readonly resourceTypeSlug: string;
  readonly externalId: string;
  readonly name: string;
  readonly description: string | null;
  readonly parentResourceId: string | null;
}

export interface CreateResourceInput {
  readonly organizationId: string;
  readonly resourceTypeSlug: string;
  readonly externalId: string;
  readonly name: string;
  readonly description?: string | null;
  readonly parentResourceId?: string | null;
}

/** `parentResourceId: null` moves it to the organization root. */
export interface UpdateResourceInput { readonly name?: string; readonly description?: string | null; readonly parentResourceId?: string | null }

export const wireResource = z.object({
  object: z.literal('authorization_resource'),
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organization_id: z.string(),
  parent_resource_id: z.string().nullable(),
  external_id: z.string(),
  resource_type_slug: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.AuthorizationResource>;

export const wireResourceList = pageOf(wireResource) satisfies z.ZodType<Wire.AuthorizationResourceList>;

export function toResource(w: z.infer<typeof wireResource>): AuthorizationResource {
  return {
    id: w.id,
    organizationId: w.organization_id,
    resourceTypeSlug: w.resource_type_slug,
    externalId: w.external_id,
    name: w.name,
    description: w.description,
    parentResourceId: w.parent_resource_id,
  };
}

export function createResourceBody(input: CreateResourceInput) {
  return {
    organization_id: input.organizationId,
    resource_type_slug: input.resourceTypeSlug,
    external_id: input.externalId,
    name: input.name,
    description: input.description ?? null,
    parent_resource_id: input.parentResourceId ?? null,
  } satisfies Wire.CreateAuthorizationResourceDto;
}

/**
 * The spec's update can name a new parent but not "none": `parent_resource_id: null` (back to the
 * organization's implicit root, docs/semantics.md) is the one field typed beyond it.
 */
type UpdateResourceBody = Omit<Wire.UpdateAuthorizationResourceDto, 'parent_resource_id'> & { parent_resource_id?: string | null };

export function updateResourceBody(input: UpdateResourceInput) {
  return { name: input.name, description: input.description, parent_resource_id: input.parentResourceId } satisfies UpdateResourceBody;
}

export class ResourcesApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(filter: { organizationId?: string; resourceTypeSlug?: string; parentResourceId?: string } = {}): AsyncIterable<AuthorizationResource> {
    const query = { organization_id: filter.organizationId, resource_type_slug: filter.resourceTypeSlug, parent_resource_id: filter.parentResourceId };
    for await (const r of paginate(this.http, '/authorization/resources', wireResourceList, query)) yield toResource(r);
  }

  async create(input: CreateResourceInput): Promise<AuthorizationResource> {
    const body = createResourceBody(input);
    return toResource(await this.http.call('POST', '/authorization/resources', { body, idempotencyKey: newIdempotencyKey(), schema: wireResource }));
  }

  async get(id: string): Promise<AuthorizationResource> {
    return toResource(await this.http.call('GET', path`/authorization/resources/${id}`, { schema: wireResource }));
  }

  async getByExternalId(organizationId: string, resourceTypeSlug: string, externalId: string): Promise<AuthorizationResource> {
    return toResource(
      await this.http.call('GET', path`/authorization/organizations/${organizationId}/resources/${resourceTypeSlug}/${externalId}`, { schema: wireResource }),
    );
  }

  /** `parentResourceId: null` moves it to the organization root. */
  async update(id: string, input: UpdateResourceInput): Promise<AuthorizationResource> {
    return toResource(await this.http.call('PATCH', path`/authorization/resources/${id}`, { body: updateResourceBody(input), schema: wireResource }));
  }

  /** ConflictError `resource_has_dependents` while it has children or assignments, unless `cascade` (then they go too). */
  async delete(id: string, options: { cascade?: boolean } = {}): Promise<void> {
    await this.http.call('DELETE', path`/authorization/resources/${id}`, { query: { cascade_delete: options.cascade ? 'true' : undefined } });
  }
}
