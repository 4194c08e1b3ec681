/**
 * "Test mapped attributes" for a real directory user (`directory_user_id` on
 * `/_dashboard/organizations/:id/resolve-roles`, what `workos_effective_roles` reads): the user's
 * groups and custom attributes as the IdP pushed them (seeded as the SCIM endpoints commit them:
 * test/helpers/directory-seed.ts), matched as live role application matches them (a mapping
 * limited to one directory sees only its groups), plus any groups given; reasons name the
 * groups; bad input is a 422 naming `directory_user_id`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';
import { WorkosClient } from '../../../src/client';
import { startControlPlane, type ControlPlane } from '../../../src/control-plane';
import { createDirectory, reopenWithDirectory, type Seeded } from '../../helpers/directory-seed';

const KEY = 'sk_test_preview_du_0123456789';
const DEVELOPER = 'developer: directory group "Engineering" → developer (additive role: always kept (directory mappings take precedence))';

describe('resolve-roles with directory_user_id', () => {
  let plane: ControlPlane;
  let dataDir: string;
  let client: WorkosClient;
  let acme: string;
  let globex: string;
  let seeded: Seeded;

  const resolveRaw = async (p: string, body: unknown) => {
    const res = await request(plane.url + p, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-preview-du-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: () => {} });
    client = new WorkosClient({ baseUrl: plane.url, apiKey: KEY });
    // GIVEN Acme in multiple-roles mode: "Engineering" → developer from any directory,
    // "Design" → designer only from the Entra ID directory, title = cto → org-admin
    acme = (await client.organizations.create({ name: 'Acme' })).id;
    globex = (await client.organizations.create({ name: 'Globex' })).id;
    for (const slug of ['developer', 'designer']) await client.roles.create({ slug, name: slug });
    await client.organizationRoles.create(acme, { slug: 'org-admin', name: 'Admin' });
    await client.rolePolicy.update(acme, { multipleRoles: true });
    const okta = await createDirectory(plane.url, KEY, acme, 'Okta');
    const entra = await createDirectory(plane.url, KEY, acme, 'Entra ID');
    const mapping = { organizationId: acme, mode: null, value: null };
    await client.roleMappings.create({ ...mapping, kind: 'directory', sourceId: null, group: 'Engineering', roles: ['developer'] });
    await client.roleMappings.create({ ...mapping, kind: 'directory', sourceId: entra, group: 'Design', roles: ['designer'] });
    await client.roleMappings.create({ ...mapping, kind: 'attribute', sourceId: null, group: 'title', value: 'cto', roles: ['org-admin'] });
    // AND Okta pushed Alice in its "Engineering" and "Design", and Bob (title cto) in no group
    ({ plane, seeded } = await reopenWithDirectory(plane, { dataDir, apiKey: KEY }, okta, {
      users: [{ email: 'alice@acme.example' }, { email: 'bob@acme.example', customAttributes: { title: 'cto' } }],
      groups: [
        { name: 'Engineering', members: ['alice@acme.example'] },
        { name: 'Design', members: ['alice@acme.example'] },
      ],
    }));
  });
  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const alice = () => seeded.users.get('alice@acme.example')!;

  test("the user's real groups: Okta's Design is not Entra ID's, so only Engineering gives a role", async () => {
    const r = await client.resolveRoles(acme, { directory_user_id: alice() });
    expect(r.roles).toEqual(['developer']);
    expect(r.reasons.map((x) => `${x.role}: ${x.mapping} (${x.rule})`)).toEqual([DEVELOPER]);
  });

  test('groups given by name count too, and match a mapping of any directory', async () => {
    const r = await client.resolveRoles(acme, { directory_user_id: alice(), directory_groups: ['Design'] });
    expect([...r.roles].sort()).toEqual(['designer', 'developer']);
    expect(r.reasons.map((x) => x.mapping).sort()).toEqual(['directory group "Design" → designer', 'directory group "Engineering" → developer']);
  });

  test("the user's custom attributes count: Bob's title = cto gives org-admin", async () => {
    const r = await client.resolveRoles(acme, { directory_user_id: seeded.users.get('bob@acme.example')! });
    expect(r.roles).toEqual(['org-admin']);
    expect(r.reasons.map((x) => x.mapping)).toEqual(['attribute title = "cto" → org-admin']);
  });

  test('bad input: 422 naming directory_user_id (unknown, no organization, another organization); nothing changes', async () => {
    const before = await client.resolveRoles(acme, { directory_user_id: alice() });
    const unknown = await resolveRaw(`/_dashboard/organizations/${acme}/resolve-roles`, { directory_user_id: 'directory_user_01NOPE' });
    expect(unknown).toEqual({
      status: 422,
      json: { code: 'invalid_request_parameters', message: "Validation failed: directory_user_id: no directory user 'directory_user_01NOPE'.", errors: [{ field: 'directory_user_id', code: 'not_found' }] },
    });
    const environment = await resolveRaw('/_dashboard/resolve-roles', { directory_user_id: alice() });
    expect(environment.status).toBe(422);
    expect(environment.json.message).toBe(`Validation failed: directory_user_id: '${alice()}' belongs to organization '${acme}': preview it there (organization_id).`);
    const other = await resolveRaw(`/_dashboard/organizations/${globex}/resolve-roles`, { directory_user_id: alice() });
    expect(other.status).toBe(422);
    expect(other.json.message).toBe(`Validation failed: directory_user_id: '${alice()}' belongs to organization '${acme}', not '${globex}'.`);
    const empty = await resolveRaw(`/_dashboard/organizations/${acme}/resolve-roles`, { directory_user_id: '' });
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.json)).toContain('directory_user_id');
    expect(await client.resolveRoles(acme, { directory_user_id: alice() })).toEqual(before);
  });
});
