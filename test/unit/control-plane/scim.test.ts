/**
 * The SCIM 2.0 service provider of a directory (RFC 7643/7644) over real HTTP: auth by the
 * directory's token, discovery, Users (create, get, list with filters and pages, replace,
 * delete), and error answers that change nothing. PATCH and Groups: scim-patch.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startControlPlane } from '../../../src/control-plane';
import { TEST_API_KEY, useControlPlane } from '../../helpers/control-plane';
import { call, createDirectory, patch, pushUser, SCIM, scimError, type DirectoryFixture } from '../../helpers/scim';

describe('SCIM service provider', () => {
  const cp = useControlPlane();
  let d: DirectoryFixture;
  beforeAll(async () => {
    d = await createDirectory(cp.url, cp.apiKey, { type: 'okta scim v2.0' });
  });

  const user = (userName: string, extra?: object) => pushUser(d, userName, extra);

  describe('auth', () => {
    test('only the directory token opens its endpoint: none, a wrong one, the API key or another directory\'s token is a 401 SCIM error', async () => {
      const other = await createDirectory(cp.url, cp.apiKey, { organization: 'Other' });
      for (const token of [undefined, 'nope', cp.apiKey, other.token]) {
        const r = await call(`${d.base}/Users`, 'GET', token);
        expect(r).toMatchObject({ status: 401, json: scimError(401) });
        expect(r.headers['content-type']).toBe('application/scim+json; charset=utf-8');
      }
      expect((await call(`${cp.url}/directories/directory_unknown/scim/v2/Users`, 'GET', d.token)).json).toEqual(scimError(401));
      expect((await d.scim('GET', '/Users')).status).toBe(200);
      // …and the token opens nothing else.
      expect((await call(`${cp.url}/organizations`, 'GET', d.token)).status).toBe(401);
    });
  });

  test('a rate limit counts each directory token apart from the API key; over it, a SCIM 429 with Retry-After', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-scim-limit-'));
    // One request per 1000 s: the second within a test is always over the limit.
    const plane = await startControlPlane({ port: 0, dataDir, apiKey: TEST_API_KEY, log: () => {}, rateLimit: { requestsPerSecond: 0.001, burst: 3 } });
    try {
      const limited = await createDirectory(plane.url, TEST_API_KEY); // two of the key's three requests
      expect((await limited.scim('GET', '/Users')).status).toBe(200);
      expect((await limited.scim('GET', '/Users')).status).toBe(200);
      expect((await limited.scim('GET', '/Users')).status).toBe(200);
      const over = await limited.scim('GET', '/Users');
      expect(over).toMatchObject({ status: 429, json: { ...scimError(429), detail: 'Too many requests.' } });
      expect(over.headers['retry-after']).toEqual(expect.stringMatching(/^\d+$/));
      expect((await limited.api('GET', '/organizations')).status).toBe(200);
    } finally {
      await plane.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('discovery', () => {
    test('ServiceProviderConfig: PATCH and filters supported, bulk, sort, etag and password change not', async () => {
      const r = await d.scim('GET', '/ServiceProviderConfig');
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        bulk: { supported: false },
        filter: { supported: true, maxResults: 100 },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [{ type: 'oauthbearertoken', primary: true }],
        meta: { resourceType: 'ServiceProviderConfig', location: `${d.base}/ServiceProviderConfig` },
      });
    });

    test('ResourceTypes lists User (with the enterprise extension) and Group; each is also readable alone', async () => {
      const r = await d.scim('GET', '/ResourceTypes');
      expect(r.json).toMatchObject({ schemas: [SCIM.list], totalResults: 2, startIndex: 1, itemsPerPage: 2 });
      expect(r.json.Resources.map((t: { id: string; endpoint: string; schema: string }) => [t.id, t.endpoint, t.schema])).toEqual([
        ['User', '/Users', SCIM.user],
        ['Group', '/Groups', SCIM.group],
      ]);
      expect(r.json.Resources[0].schemaExtensions).toEqual([{ schema: SCIM.enterprise, required: false }]);
      expect((await d.scim('GET', '/ResourceTypes/Group')).json).toEqual(r.json.Resources[1]);
      expect(await d.scim('GET', '/ResourceTypes/Printer')).toMatchObject({ status: 404, json: scimError(404) });
    });

    test('Schemas describes User, Group and EnterpriseUser attribute by attribute', async () => {
      const r = await d.scim('GET', '/Schemas');
      expect(r.json.Resources.map((s: { id: string }) => s.id)).toEqual([SCIM.user, SCIM.group, SCIM.enterprise]);
      const userSchema = (await d.scim('GET', `/Schemas/${SCIM.user}`)).json;
      expect(userSchema.attributes.find((a: { name: string }) => a.name === 'userName')).toEqual({
        name: 'userName',
        type: 'string',
        multiValued: false,
        description: expect.any(String),
        required: true,
        caseExact: false,
        mutability: 'readWrite',
        returned: 'default',
        uniqueness: 'server',
      });
      expect(userSchema.attributes.find((a: { name: string }) => a.name === 'groups').mutability).toBe('readOnly');
      const enterprise = r.json.Resources[2].attributes.map((a: { name: string }) => a.name);
      expect(enterprise).toEqual(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
    });
  });

  describe('Users', () => {
    test('POST is 201 with Location = meta.location; GET answers the same resource; the API reads it as a directory user', async () => {
      const body = {
        schemas: [SCIM.user, SCIM.enterprise],
        externalId: '00u1',
        userName: 'ada@acme.test',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [{ value: 'ada@acme.test', type: 'work', primary: true }],
        title: 'Engineer',
        active: true,
        password: 'hunter2',
        [SCIM.enterprise]: { department: 'R&D', costCenter: 'CC-1' },
      };
      const r = await d.scim('POST', '/Users', body);
      expect(r.status).toBe(201);
      expect(r.headers['content-type']).toBe('application/scim+json; charset=utf-8');
      const id = r.json.id;
      expect(r.headers.location).toBe(`${d.base}/Users/${id}`);
      const { password: _password, ...stored } = body;
      expect(r.json).toEqual({
        ...stored,
        id,
        groups: [],
        meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String), location: `${d.base}/Users/${id}` },
      });
      expect(await d.scim('GET', `/Users/${id}`)).toMatchObject({ status: 200, json: r.json });
      const du = await d.api('GET', `/directory_users/${id}`);
      expect(du.json).toMatchObject({ id, idp_id: '00u1', username: 'ada@acme.test', email: 'ada@acme.test', first_name: 'Ada', last_name: 'Lovelace', state: 'active' });
      expect(du.json.custom_attributes).toEqual({ title: 'Engineer', department: 'R&D', costCenter: 'CC-1' });
    });

    test('a taken userName (any case) is 409 uniqueness, on POST and PUT; nothing changes', async () => {
      const id = await user('grace@acme.test');
      const before = (await d.scim('GET', '/Users')).json;
      expect(await d.scim('POST', '/Users', { schemas: [SCIM.user], userName: 'GRACE@acme.test' })).toMatchObject({ status: 409, json: scimError(409, 'uniqueness') });
      const other = await user('linus@acme.test');
      expect(await d.scim('PUT', `/Users/${other}`, { schemas: [SCIM.user], userName: 'grace@ACME.test' })).toMatchObject({ status: 409, json: scimError(409, 'uniqueness') });
      const after = (await d.scim('GET', '/Users')).json;
      expect(after.totalResults).toBe(before.totalResults + 1);
      expect(after.Resources.find((u: { id: string }) => u.id === id).userName).toBe('grace@acme.test');
      expect(after.Resources.find((u: { id: string }) => u.id === other).userName).toBe('linus@acme.test');
    });

    test('bad users are a 400 naming the attribute, and change nothing', async () => {
      const before = (await d.scim('GET', '/Users')).json;
      const cases: Array<[unknown, string, RegExp]> = [
        [{ schemas: [SCIM.user] }, 'invalidValue', /userName is required/],
        [{ userName: '  ' }, 'invalidValue', /userName must be a non-empty string/],
        [{ userName: 'x@acme.test', active: 'maybe' }, 'invalidValue', /active must be true or false/],
        [{ userName: 'x@acme.test', emails: [{ type: 'work' }] }, 'invalidValue', /emails\[0\]\.value must be a string/],
        [{ userName: 'x@acme.test', name: 'X' }, 'invalidValue', /name must be an object/],
        [{ userName: 'x@acme.test', name: { givenName: 7 } }, 'invalidValue', /name\.givenName must be a string, not 7/],
        [{ userName: 'x@acme.test', schemas: 'User' }, 'invalidValue', /schemas must be an array/],
        [[1, 2], 'invalidSyntax', /must be a SCIM User/],
      ];
      for (const [body, scimType, detail] of cases) {
        const r = await d.scim('POST', '/Users', body);
        expect(r).toMatchObject({ status: 400, json: { ...scimError(400, scimType), detail: expect.stringMatching(detail) } });
      }
      const notJson = await d.scim('POST', '/Users', '{"userName": ');
      expect(notJson).toMatchObject({ status: 400, json: scimError(400, 'invalidSyntax') });
      expect((await d.scim('GET', '/Users')).json).toEqual(before);
    });

    test('PUT replaces the whole user (attributes it leaves out are gone); DELETE is 204, then 404', async () => {
      const id = await user('tim@acme.test', { title: 'CTO', name: { givenName: 'Tim' } });
      const put = await d.scim('PUT', `/Users/${id}`, { schemas: [SCIM.user], id: 'ignored', userName: 'tim@acme.test', name: { familyName: 'B-L' } });
      expect(put.status).toBe(200);
      expect(put.json).toEqual({ schemas: [SCIM.user], id, userName: 'tim@acme.test', name: { familyName: 'B-L' }, active: true, groups: [], meta: expect.any(Object) });
      expect((await d.api('GET', `/directory_users/${id}`)).json).toMatchObject({ first_name: null, last_name: 'B-L', custom_attributes: {} });
      expect((await d.scim('DELETE', `/Users/${id}`)).status).toBe(204);
      expect(await d.scim('GET', `/Users/${id}`)).toMatchObject({ status: 404, json: scimError(404) });
      expect(await d.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false }))).toMatchObject({ status: 404, json: scimError(404) });
    });
  });

  describe('errors outside the resources', () => {
    test('an unknown SCIM path is a 404, a wrong method a 405, both as SCIM errors', async () => {
      expect(await d.scim('GET', '/Printers')).toMatchObject({ status: 404, json: scimError(404) });
      const r = await d.scim('DELETE', '/ServiceProviderConfig');
      expect(r).toMatchObject({ status: 405, json: scimError(405) });
      expect(r.headers.allow).toBe('GET');
    });
  });

  describe('filters and pages', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const f = await createDirectory(cp.url, cp.apiKey, { organization: 'Filters' });
      d = f;
      ids = {
        amy: await user('amy@f.test', { externalId: 'ext-amy', emails: [{ value: 'amy@f.test', type: 'work' }, { value: 'amy@home.test', type: 'home' }], title: 'Designer' }),
        bob: await user('bob@f.test', { externalId: 'EXT-bob' }),
        cid: await user('cid@f.test', { active: false }),
      };
    });
    const names = async (filter: string, path = '/Users') => {
      const r = await d.scim('GET', `${path}?filter=${encodeURIComponent(filter)}`);
      expect(r.status).toBe(200);
      return r.json.Resources.map((x: { userName?: string; displayName?: string }) => x.userName ?? x.displayName);
    };

    test('userName eq (case-insensitive), externalId eq (case-exact), emails.value, value filters, and/or/not, pr', async () => {
      expect(await names('userName eq "AMY@f.test"')).toEqual(['amy@f.test']);
      expect(await names('((userName Eq "amy@f.test") OR (userName eq "cid@f.test"))')).toEqual(['amy@f.test', 'cid@f.test']);
      expect(await names('externalId eq "ext-bob"')).toEqual([]);
      expect(await names('externalId eq "EXT-bob"')).toEqual(['bob@f.test']);
      expect(await names('emails.value eq "amy@home.test"')).toEqual(['amy@f.test']);
      expect(await names('emails[type eq "home" and value ew "home.test"]')).toEqual(['amy@f.test']);
      expect(await names('userName sw "b" or title eq "designer"')).toEqual(['amy@f.test', 'bob@f.test']);
      expect(await names('active eq false')).toEqual(['cid@f.test']);
      expect(await names('not (active eq false) and externalId pr')).toEqual(['amy@f.test', 'bob@f.test']);
      expect(await names(`id eq "${ids.bob}"`)).toEqual(['bob@f.test']);
    });

    test('unsupported filters are a 400 invalidFilter', async () => {
      for (const filter of [`${'('.repeat(40)}userName eq "a"${')'.repeat(40)}`, 'userName regex "a"', 'nickname eq', 'password eq "x"', 'userName eq "a', '(userName eq "a"', 'userName eq "a" xor', 'active gt true']) {
        expect(await d.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`)).toMatchObject({ status: 400, json: scimError(400, 'invalidFilter') });
      }
    });

    test('startIndex (1-based) and count page through; count=0 only counts', async () => {
      const page = async (q: string) => (await d.scim('GET', `/Users?${q}`)).json;
      expect(await page('startIndex=2&count=1')).toMatchObject({ schemas: [SCIM.list], totalResults: 3, startIndex: 2, itemsPerPage: 1, Resources: [{ userName: 'bob@f.test' }] });
      expect(await page('startIndex=0&count=2')).toMatchObject({ startIndex: 1, itemsPerPage: 2 });
      expect(await page('count=0')).toEqual({ schemas: [SCIM.list], totalResults: 3, startIndex: 1, itemsPerPage: 0, Resources: [] });
      expect(await page('startIndex=9')).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
      expect((await page('filter=userName%20eq%20%22amy%40f.test%22&attributes=userName')).Resources).toEqual([{ schemas: [SCIM.user], id: ids.amy, userName: 'amy@f.test' }]);
      expect(await d.scim('GET', '/Users?count=ten')).toMatchObject({ status: 400, json: scimError(400, 'invalidValue') });
    });
  });
});
