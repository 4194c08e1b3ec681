/**
 * Resource types (`workos_resource_type`) in the client: the hierarchy resources are typed by
 * (docs/semantics.md). Dashboard-only in WorkOS: the local control plane serves them under
 * `/_dashboard/resource-types`.
 */
import { z } from 'zod';
import { newIdempotencyKey, path, type HttpTransport } from './http';

export interface ResourceType {
  readonly slug: string;
  readonly name: string;
  readonly parentTypes: readonly string[];
}

export interface UpdateResourceTypeInput { readonly name?: string; readonly parentTypes?: readonly string[] }

export const wireResourceType = z.object({ object: z.literal('resource_type'), slug: z.string(), name: z.string(), parent_types: z.array(z.string()) });
export const wireResourceTypeList = z.object({ object: z.literal('list'), data: z.array(wireResourceType) });

export function toResourceType(w: z.infer<typeof wireResourceType>): ResourceType {
  return { slug: w.slug, name: w.name, parentTypes: w.parent_types };
}

export function createResourceTypeBody(input: ResourceType) {
  return { slug: input.slug, name: input.name, parent_types: [...input.parentTypes] };
}

export function updateResourceTypeBody(input: UpdateResourceTypeInput) {
  return { name: input.name, parent_types: input.parentTypes === undefined ? undefined : [...input.parentTypes] };
}

export class ResourceTypesApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(): AsyncIterable<ResourceType> {
    const page = await this.http.call('GET', '/_dashboard/resource-types', { schema: wireResourceTypeList });
    for (const t of page.data) yield toResourceType(t);
  }

  async get(slug: string): Promise<ResourceType> {
    return toResourceType(await this.http.call('GET', path`/_dashboard/resource-types/${slug}`, { schema: wireResourceType }));
  }

  /** Parent types must exist; a cycle is an UnprocessableEntityError naming parent_types. */
  async create(input: ResourceType): Promise<ResourceType> {
    const body = createResourceTypeBody(input);
    return toResourceType(await this.http.call('POST', '/_dashboard/resource-types', { body, idempotencyKey: newIdempotencyKey(), schema: wireResourceType }));
  }

  async update(slug: string, input: UpdateResourceTypeInput): Promise<ResourceType> {
    return toResourceType(await this.http.call('PATCH', path`/_dashboard/resource-types/${slug}`, { body: updateResourceTypeBody(input), schema: wireResourceType }));
  }

  async delete(slug: string): Promise<void> {
    await this.http.call('DELETE', path`/_dashboard/resource-types/${slug}`);
  }
}
