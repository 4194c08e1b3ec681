/**
 * Users (`workos_user`) in the client: the domain type, both directions of the wire format,
 * and `client.users`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateUserInput { readonly email: string; readonly firstName?: string | null; readonly lastName?: string | null }
export interface UpdateUserInput { readonly email?: string; readonly firstName?: string | null; readonly lastName?: string | null }

/** The fields of the spec's user this client reads. */
type WireUser = Pick<Wire.UserlandUser, 'object' | 'id' | 'email' | 'first_name' | 'last_name' | 'created_at' | 'updated_at'>;

export const wireUser = z.object({
  object: z.literal('user'),
  id: z.string(),
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<WireUser>;

export const wireUserList = pageOf(wireUser) satisfies z.ZodType<Omit<Wire.UserlandUserList, 'data'> & { data: WireUser[] }>;

export function toUser(w: z.infer<typeof wireUser>): User {
  return { id: w.id, email: w.email, firstName: w.first_name, lastName: w.last_name, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function createUserBody(input: CreateUserInput) {
  return { email: input.email, first_name: input.firstName ?? null, last_name: input.lastName ?? null } satisfies Wire.CreateUserlandUserDto;
}

/** The spec's update takes strings only: a null name is sent as "" (cleared). */
export function updateUserBody(input: UpdateUserInput) {
  const cleared = (name: string | null | undefined) => (name === null ? '' : name);
  return { email: input.email, first_name: cleared(input.firstName), last_name: cleared(input.lastName) } satisfies Wire.UpdateUserlandUserDto;
}

export class UsersApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(filter: { email?: string; organizationId?: string } = {}): AsyncIterable<User> {
    const query = { email: filter.email, organization_id: filter.organizationId };
    for await (const u of paginate(this.http, '/user_management/users', wireUserList, query)) yield toUser(u);
  }

  async create(input: CreateUserInput): Promise<User> {
    const body = createUserBody(input);
    return toUser(await this.http.call('POST', '/user_management/users', { body, idempotencyKey: newIdempotencyKey(), schema: wireUser }));
  }

  async get(id: string): Promise<User> {
    return toUser(await this.http.call('GET', path`/user_management/users/${id}`, { schema: wireUser }));
  }

  async update(id: string, input: UpdateUserInput): Promise<User> {
    return toUser(await this.http.call('PUT', path`/user_management/users/${id}`, { body: updateUserBody(input), schema: wireUser }));
  }

  /** Also removes the user's memberships. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/user_management/users/${id}`);
  }
}
