/**
 * SCIM PATCH (RFC 7644 §3.5.2) as Okta and Entra ID send it, on users and groups, and the
 * Groups resource (members of the same directory only), over real HTTP. Bad PATCHes are
 * answered with the right `scimType` and change nothing.
 */
import { useControlPlane } from '../../helpers/control-plane';
import { createDirectory, memberIds as membersOf, patch, pushGroup, pushUser, SCIM, scimError, type DirectoryFixture } from '../../helpers/scim';

describe('SCIM PATCH and Groups', () => {
  const cp = useControlPlane();
  let d: DirectoryFixture;
  beforeAll(async () => {
    d = await createDirectory(cp.url, cp.apiKey, { type: 'okta scim v2.0' });
  });
  const user = (userName: string, extra?: object) => pushUser(d, userName, extra);
  const group = (displayName: string, members?: string[], extra?: object) => pushGroup(d, displayName, members, extra);
  const memberIds = (groupId: string) => membersOf(d, groupId);
  /** How many group changes the event log holds. */
  const events = async () => (await d.api('GET', `/events?organization_id=${d.organizationId}&events=dsync.group.user_added,dsync.group.updated&limit=100`)).json.data.length;

  describe('PATCH of a user, as Entra ID and Okta send it', () => {
    test('Entra ID: capitalised ops, active as the string "False", name, work email, enterprise department, displayName, externalId', async () => {
      const id = await user('eve@acme.test', { externalId: 'guid-1', name: { givenName: 'Eve' } });
      const r = await d.scim(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Replace', path: 'name.givenName', value: 'Evelyn' },
          { op: 'Add', path: 'name.familyName', value: 'Moss' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'evelyn@acme.test' },
          { op: 'Add', path: `${SCIM.enterprise}:department`, value: 'Sales' },
          { op: 'Replace', path: 'displayName', value: 'Evelyn Moss' },
          { op: 'Replace', path: 'externalId', value: 'guid-2' },
        ),
      );
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        externalId: 'guid-2',
        active: false,
        displayName: 'Evelyn Moss',
        name: { givenName: 'Evelyn', familyName: 'Moss' },
        emails: [{ value: 'evelyn@acme.test', type: 'work', primary: true }],
        [SCIM.enterprise]: { department: 'Sales' },
      });
      expect(r.json.schemas).toEqual([SCIM.user, SCIM.enterprise]);
      const du = (await d.api('GET', `/directory_users/${id}`)).json;
      expect(du).toMatchObject({ idp_id: 'guid-2', state: 'inactive', email: 'evelyn@acme.test', first_name: 'Evelyn', last_name: 'Moss', custom_attributes: { department: 'Sales' } });
      const back = await d.scim('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'True' }));
      expect(back.json.active).toBe(true);
    });

    test('no-path replace with an object (Okta and Entra ID), attribute paths as keys, a custom extension schema', async () => {
      const acme = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
      const id = await user('max@acme.test');
      const r = await d.scim(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'replace', value: { active: false, 'name.givenName': 'Max', [acme]: { myRole: 'admin' } } },
          { op: 'add', value: { userType: 'Contractor', [`${SCIM.enterprise}:division`]: 'EMEA' } },
        ),
      );
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ active: false, name: { givenName: 'Max' }, userType: 'Contractor', [acme]: { myRole: 'admin' }, [SCIM.enterprise]: { division: 'EMEA' } });
      expect(r.json.schemas).toEqual([SCIM.user, acme, SCIM.enterprise]);
      expect((await d.api('GET', `/directory_users/${id}`)).json.custom_attributes).toEqual({ userType: 'Contractor', division: 'EMEA', myRole: 'admin' });
      const removed = await d.scim('PATCH', `/Users/${id}`, patch({ op: 'remove', path: `${acme}:myRole` }, { op: 'remove', path: 'emails[type eq "work"]' }));
      expect(removed.json.emails).toEqual([]);
      expect((await d.api('GET', `/directory_users/${id}`)).json.custom_attributes).toEqual({ userType: 'Contractor', division: 'EMEA' });
    });

    test('bad PATCHes are a 400 of the right scimType and leave the user as it was', async () => {
      const id = await user('zed@acme.test', { title: 'Boss' });
      const before = (await d.scim('GET', `/Users/${id}`)).json;
      const cases: Array<[unknown, string]> = [
        [{ schemas: [SCIM.patchOp] }, 'invalidSyntax'],
        [{ schemas: [SCIM.user], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }, 'invalidSyntax'],
        [patch({ op: 'merge', path: 'title', value: 'x' }), 'invalidSyntax'],
        [patch({ op: 'replace', path: 'title', value: 'ok' }, { op: 'replace', path: 'name[', value: 'x' }), 'invalidPath'],
        [patch({ op: 'remove' }), 'noTarget'],
        [patch({ op: 'remove', path: 'emails[type eq "home"]' }), 'noTarget'],
        [patch({ op: 'replace', path: 'id', value: 'other' }), 'mutability'],
        [patch({ op: 'add', path: 'groups', value: [{ value: 'g' }] }), 'mutability'],
        [patch({ op: 'replace', path: 'title', value: 'ok' }, { op: 'replace', path: 'active', value: 'nope' }), 'invalidValue'],
        [patch({ op: 'replace', path: 'userName' }), 'invalidValue'],
        [patch({ op: 'replace', value: 'x' }), 'invalidValue'],
      ];
      for (const [body, scimType] of cases) {
        expect(await d.scim('PATCH', `/Users/${id}`, body)).toMatchObject({ status: 400, json: scimError(400, scimType) });
      }
      expect((await d.scim('GET', `/Users/${id}`)).json).toEqual(before);
    });
  });

  describe('Groups', () => {
    test('POST with members, GET with and without excludedAttributes=members, list filtered by displayName and externalId', async () => {
      const ann = await user('ann@acme.test', { displayName: 'Ann' });
      const r = await d.scim('POST', '/Groups', { schemas: [SCIM.group], displayName: 'Engineering', externalId: 'okta-eng', members: [{ value: ann, display: 'Ann' }] });
      expect(r.status).toBe(201);
      const id = r.json.id;
      expect(r.headers.location).toBe(`${d.base}/Groups/${id}`);
      expect(r.json).toEqual({
        schemas: [SCIM.group],
        id,
        displayName: 'Engineering',
        externalId: 'okta-eng',
        members: [{ value: ann, display: 'Ann', type: 'User', $ref: `${d.base}/Users/${ann}` }],
        meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String), location: `${d.base}/Groups/${id}` },
      });
      const { members: _members, ...withoutMembers } = r.json;
      expect((await d.scim('GET', `/Groups/${id}?excludedAttributes=members`)).json).toEqual(withoutMembers);
      expect((await d.scim('GET', `/Users/${ann}`)).json.groups).toEqual([{ value: id, display: 'Engineering', $ref: `${d.base}/Groups/${id}` }]);
      await group('Design');
      const listed = async (filter: string) => (await d.scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(filter)}`)).json.Resources;
      expect(await listed('displayName eq "engineering"')).toEqual([withoutMembers]);
      expect((await listed('externalId eq "okta-eng"')).map((g: { id: string }) => g.id)).toEqual([id]);
      expect((await listed('displayName eq "Design"')).map((g: { displayName: string }) => g.displayName)).toEqual(['Design']);
      expect(await d.scim('GET', `/Groups?filter=${encodeURIComponent('title eq "x"')}`)).toMatchObject({ status: 400, json: scimError(400, 'invalidFilter') });
    });

    test('Okta: add members, remove members[value eq …], no-path replace restating the id, replace of all members', async () => {
      const [a, b, c] = [await user('oa@acme.test'), await user('ob@acme.test'), await user('oc@acme.test')];
      const id = await group('Okta group');
      const step = async (...ops: object[]) => {
        const r = await d.scim('PATCH', `/Groups/${id}`, patch(...ops));
        expect(r.status).toBe(200);
        return r.json;
      };
      await step({ op: 'add', path: 'members', value: [{ value: a, display: 'oa@acme.test' }, { value: b, display: 'ob@acme.test' }] });
      expect(await memberIds(id)).toEqual([a, b]);
      // Adding a member again changes nothing, so nothing is committed or logged.
      const logged = await events();
      expect(logged).toBeGreaterThanOrEqual(2);
      expect(logged).toBeLessThan(100);
      await step({ op: 'add', path: 'members', value: [{ value: a }] });
      expect(await memberIds(id)).toEqual([a, b]);
      expect(await events()).toBe(logged);
      await step({ op: 'remove', path: `members[value eq "${a}"]` });
      expect(await memberIds(id)).toEqual([b]);
      expect((await step({ op: 'replace', value: { id, displayName: 'Okta renamed' } })).displayName).toBe('Okta renamed');
      await step({ op: 'replace', path: 'members', value: [{ value: c }, { value: a }] });
      expect(await memberIds(id)).toEqual([c, a]);
      await step({ op: 'replace', path: 'members', value: [] });
      expect(await memberIds(id)).toEqual([]);
    });

    test('Entra ID: Add and Remove members with value lists, Replace displayName and externalId', async () => {
      const [a, b] = [await user('ea@acme.test'), await user('eb@acme.test')];
      const id = await group('Entra group');
      const step = async (...ops: object[]) => expect((await d.scim('PATCH', `/Groups/${id}`, patch(...ops))).status).toBe(200);
      await step({ op: 'Add', path: 'members', value: [{ value: a }] }, { op: 'Add', path: 'members', value: [{ value: b }] });
      expect(await memberIds(id)).toEqual([a, b]);
      await step({ op: 'Remove', path: 'members', value: [{ value: a }] });
      expect(await memberIds(id)).toEqual([b]);
      await step({ op: 'Replace', path: 'displayName', value: 'Entra renamed' }, { op: 'Replace', path: 'externalId', value: 'aad-1' });
      expect((await d.scim('GET', `/Groups/${id}`)).json).toMatchObject({ displayName: 'Entra renamed', externalId: 'aad-1' });
      await step({ op: 'Remove', path: 'members', value: [{ value: b }] });
      expect(await memberIds(id)).toEqual([]);
    });

    test('members must be users of this directory: else 400 invalidValue, and the group is unchanged', async () => {
      const other = await createDirectory(cp.url, cp.apiKey, { organization: 'Elsewhere' });
      const stranger = (await other.scim('POST', '/Users', { schemas: [SCIM.user], userName: 'stranger@x.test' })).json.id;
      const a = await user('member@acme.test');
      const id = await group('Guarded', [a]);
      const before = (await d.scim('GET', `/Groups/${id}`)).json;
      const groupsBefore = (await d.scim('GET', '/Groups')).json;
      for (const [method, path, body, scimType] of [
        ['PATCH', `/Groups/${id}`, patch({ op: 'add', path: 'members', value: [{ value: stranger }] }), 'invalidValue'],
        ['PATCH', `/Groups/${id}`, patch({ op: 'replace', path: 'members', value: [{ value: 'directory_user_nobody' }] }), 'invalidValue'],
        ['PATCH', `/Groups/${id}`, patch({ op: 'remove', path: 'members[value eq "directory_user_nobody"]' }), 'noTarget'],
        ['PUT', `/Groups/${id}`, { schemas: [SCIM.group], displayName: 'Guarded', members: [{ value: a }, { value: stranger }] }, 'invalidValue'],
        ['POST', '/Groups', { schemas: [SCIM.group], displayName: 'New', members: [{ value: stranger }] }, 'invalidValue'],
        ['POST', '/Groups', { schemas: [SCIM.group], displayName: 'New', members: [{ display: 'no value' }] }, 'invalidValue'],
        ['POST', '/Groups', { schemas: [SCIM.group] }, 'invalidValue'],
      ] as const) {
        expect(await d.scim(method, path, body)).toMatchObject({ status: 400, json: scimError(400, scimType) });
      }
      expect((await d.scim('GET', `/Groups/${id}`)).json).toEqual(before);
      expect((await d.scim('GET', '/Groups')).json).toEqual(groupsBefore);
      // A group of this directory is not found through another directory's endpoint.
      expect(await other.scim('GET', `/Groups/${id}`)).toMatchObject({ status: 404, json: scimError(404) });
    });

    test('PUT replaces name and members; DELETE is 204 and takes the membership with it', async () => {
      const [a, b] = [await user('pa@acme.test'), await user('pb@acme.test')];
      const id = await group('Put group', [a]);
      const put = await d.scim('PUT', `/Groups/${id}`, { schemas: [SCIM.group], displayName: 'Put renamed', members: [{ value: b }] });
      expect(put.json).toMatchObject({ displayName: 'Put renamed', members: [{ value: b }] });
      expect((await d.scim('GET', `/Users/${a}`)).json.groups).toEqual([]);
      expect((await d.scim('DELETE', `/Groups/${id}`)).status).toBe(204);
      expect(await d.scim('GET', `/Groups/${id}`)).toMatchObject({ status: 404, json: scimError(404) });
      expect((await d.scim('GET', `/Users/${b}`)).json.groups).toEqual([]);
    });
  });

});
