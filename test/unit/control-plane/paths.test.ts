/**
 * Identifiers never leave their path segment: the control plane routes on the raw path and
 * answers 400 to a dot-segment (`..`, `%2e%2e`, `.%2E`, `.`) instead of resolving it, so
 * `PUT /authorization/organizations/%2e%2e/roles/X/permissions` cannot rewrite environment role X.
 * The client refuses such ids before sending anything.
 */
import * as http from 'node:http';
import { InvalidPathParameterError, encodePathParam, path } from '../../../src/client';
import { caught, useControlPlane } from '../../helpers/control-plane';

/** node:http sends the path exactly as given (undici would resolve the dot-segments first). */
function rawRequest(url: string, method: string, rawPath: string, apiKey: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const { hostname, port } = new URL(url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path: rawPath, headers: { authorization: `Bearer ${apiKey}`, ...(text ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, json: data ? JSON.parse(data) : undefined }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('dot-segments in the path', () => {
  const cp = useControlPlane({ log: (line) => requests.push(line) });
  const requests: string[] = [];

  beforeAll(async () => {
    await cp.client.permissions.create({ slug: 'reports:view', name: 'View reports' });
    await cp.client.permissions.create({ slug: 'reports:delete', name: 'Delete reports' });
    await cp.client.roles.create({ slug: 'analyst', name: 'Analyst' });
    await cp.client.roles.setPermissions('analyst', ['reports:view']);
  });

  test.each(['%2e%2e', '%2E%2E', '.%2e', '..', '%2e', '.'])('PUT /authorization/organizations/%s/roles/analyst/permissions is a 400; environment role analyst is unchanged', async (segment) => {
    const res = await rawRequest(cp.url, 'PUT', `/authorization/organizations/${segment}/roles/analyst/permissions`, cp.apiKey, { permissions: ['reports:view', 'reports:delete'] });
    expect(res).toEqual({
      status: 400,
      json: { code: 'bad_request', message: `The path /authorization/organizations/${segment}/roles/analyst/permissions has a dot-segment (${JSON.stringify(segment)}): identifiers cannot be "." or "..".` },
    });
    expect((await cp.client.roles.get('analyst')).permissions).toEqual(['reports:view']);
  });

  test('a dot-segment anywhere, on any method, is a 400 and deletes nothing', async () => {
    for (const [method, p] of [
      ['GET', '/authorization/roles/%2e%2e'],
      ['DELETE', '/authorization/permissions/reports:delete/%2e%2e'],
      ['DELETE', '/_dashboard/roles/analyst/..'],
    ] as const) {
      expect((await rawRequest(cp.url, method, p, cp.apiKey)).status).toBe(400);
    }
    expect((await cp.client.permissions.get('reports:delete')).slug).toBe('reports:delete');
    expect((await cp.client.roles.get('analyst')).slug).toBe('analyst');
  });

  test('without the key it is still a 401 first: nothing about routing is revealed', async () => {
    expect((await rawRequest(cp.url, 'GET', '/authorization/roles/%2e%2e', 'sk_wrong')).status).toBe(401);
  });

  test('dots inside a segment are ordinary characters; an encoded "/" stays inside its segment', async () => {
    await cp.client.permissions.create({ slug: 'a..b', name: 'Dots' });
    expect((await cp.client.permissions.get('a..b')).slug).toBe('a..b');
    const res = await rawRequest(cp.url, 'GET', '/authorization/roles/analyst%2F..', cp.apiKey);
    expect(res).toEqual({ status: 404, json: { code: 'not_found', message: "Role not found: 'analyst/..'." } });
  });

  test('the client refuses ".", ".." and "" as identifiers before sending anything', async () => {
    const before = requests.length;
    for (const id of ['..', '.', '']) {
      await expect(cp.client.organizations.get(id)).rejects.toThrow(new InvalidPathParameterError(id));
      await expect(cp.client.roles.setPermissions(id, [])).rejects.toBeInstanceOf(InvalidPathParameterError);
    }
    await expect(cp.client.organizationRoles.setPermissions('..', 'analyst', [])).rejects.toThrow('".." cannot be sent as an identifier: in a URL path it would address another object');
    expect(requests.length).toBe(before);
    expect((await cp.client.roles.get('analyst')).permissions).toEqual(['reports:view']);
  });

  test('path`` encodes every other character that means something in a URL', () => {
    expect(path`/x/${'a/b?c#d %'}/y/${"users:*!'()"}`).toBe("/x/a%2Fb%3Fc%23d%20%25/y/users%3A%2A%21%27%28%29");
    expect(encodePathParam('...')).toBe('...');
    expect(() => encodePathParam('..')).toThrow(InvalidPathParameterError);
  });

  test('a 404 from the API is still a NotFoundError (the guard only refuses what cannot be sent)', async () => {
    expect((await caught(cp.client.organizations.get('org_missing'))).status).toBe(404);
  });
});
