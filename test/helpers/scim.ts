/**
 * Calls for tests of directory sync against a local control plane: the API with its key, and a
 * directory's SCIM endpoint with the directory's bearer token, as an IdP calls it.
 */
import { request } from 'undici';

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

export async function call(url: string, method: string, token: string | undefined, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const res = await request(url, {
    method: method as 'GET',
    headers: { ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** A directory of a new organization, and the calls to make against it. */
export interface DirectoryFixture {
  readonly organizationId: string;
  readonly directoryId: string;
  readonly token: string;
  /** The directory's SCIM base URL. */
  readonly base: string;
  /** The WorkOS API, with the API key. */
  api(method: string, path: string, body?: unknown): Promise<Answer>;
  /** The directory's SCIM endpoint (`path` relative to its base), with its token. */
  scim(method: string, path: string, body?: unknown): Promise<Answer>;
}

export async function createDirectory(url: string, apiKey: string, options: { organization?: string; type?: string; organizationId?: string } = {}): Promise<DirectoryFixture> {
  const api = (method: string, path: string, body?: unknown) => call(url + path, method, apiKey, body);
  const organizationId = options.organizationId ?? (await api('POST', '/organizations', { name: options.organization ?? 'Acme' })).json.id;
  const created = await api('POST', '/_dashboard/directories', { organization_id: organizationId, name: 'IdP', ...(options.type ? { type: options.type } : {}) });
  if (created.status !== 201) throw new Error(`directory not created: ${JSON.stringify(created.json)}`);
  const base = url + created.json.scim_path;
  const token = created.json.bearer_token as string;
  return {
    organizationId,
    directoryId: created.json.id,
    token,
    base,
    api,
    scim: (method, path, body) => call(base + path, method, token, body, 'application/scim+json'),
  };
}

export const SCIM = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
} as const;

/** A PatchOp message. */
export const patch = (...Operations: object[]) => ({ schemas: [SCIM.patchOp], Operations });

/** A SCIM error body. */
export const scimError = (status: number, scimType?: string) => ({ schemas: [SCIM.error], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) });

/** Creates a user through SCIM with a primary work email; answers its SCIM id. */
export async function pushUser(d: DirectoryFixture, userName: string, extra: object = {}): Promise<string> {
  const r = await d.scim('POST', '/Users', { schemas: [SCIM.user], userName, emails: [{ value: userName, type: 'work', primary: true }], active: true, ...extra });
  if (r.status !== 201) throw new Error(`user not created: ${JSON.stringify(r.json)}`);
  return r.json.id;
}

/** Creates a group through SCIM; answers its SCIM id. */
export async function pushGroup(d: DirectoryFixture, displayName: string, members: string[] = [], extra: object = {}): Promise<string> {
  const r = await d.scim('POST', '/Groups', { schemas: [SCIM.group], displayName, members: members.map((value) => ({ value })), ...extra });
  if (r.status !== 201) throw new Error(`group not created: ${JSON.stringify(r.json)}`);
  return r.json.id;
}

/** The SCIM ids of a group's members, in order. */
export async function memberIds(d: DirectoryFixture, groupId: string): Promise<string[]> {
  return (await d.scim('GET', `/Groups/${groupId}`)).json.members.map((m: { value: string }) => m.value);
}
