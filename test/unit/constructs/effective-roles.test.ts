/**
 * DataWorkosEffectiveRoles: inputs as attributes, results as references; like every preview it is
 * read after the topology of the stack is applied.
 */
import { Testing } from 'cdktf';
import {
  DataWorkosAccessCheck,
  DataWorkosEffectiveRoles,
  Organization,
  Resource,
  ResourceType,
  Role,
} from '../../../constructs';
import { newStack, parsed } from '../../helpers/constructs';

Testing.setupJest();

describe('data sources', () => {
  test('effective roles: inputs as attributes, roles and reasons as references, read after the topology', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const mapping = acme.mapDirectoryGroup('Engineering', ['developer']);
    const preview = new DataWorkosEffectiveRoles(stack, 'preview', { organization: acme, directoryGroups: ['Engineering'], attributes: { myRole: 'admin' } });
    expect(preview.roles).toEqual(expect.any(Array));
    const json = parsed(stack);
    expect(json.data.workos_effective_roles.preview).toMatchObject({
      organization_id: '${workos_organization.acme.id}',
      directory_groups: ['Engineering'],
      attributes: { myRole: 'admin' },
    });
    expect(json.data.workos_effective_roles.preview.depends_on).toEqual(expect.arrayContaining([`workos_directory_group_mapping.${mapping.friendlyUniqueId}`]));
  });

  test('effective roles of a real directory user: directoryUserId as directory_user_id; a bad id fails at synth naming the prop', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    new DataWorkosEffectiveRoles(stack, 'alice', { organization: acme, directoryUserId: 'directory_user_01ALICE' });
    expect(parsed(stack).data.workos_effective_roles.alice).toMatchObject({ organization_id: '${workos_organization.acme.id}', directory_user_id: 'directory_user_01ALICE' });
    const bad = newStack();
    new DataWorkosEffectiveRoles(bad, 'alice', { organization: new Organization(bad, 'acme', { name: 'Acme' }), directoryUserId: 'directory_user/01' });
    expect(() => Testing.synth(bad, true)).toThrow('Invalid value for "directoryUserId": "directory_user/01" must not contain "/"');
  });
});

describe('previews wait for the topology', () => {
  test('effective roles and access checks depend on the mappings, policies, roles and assignments of the stack', () => {
    // GIVEN a topology and previews declared BEFORE the rest of it
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const preview = new DataWorkosEffectiveRoles(stack, 'preview', { organization: acme, directoryGroups: ['Admins'] });
    const member = acme.addMember('user_1', undefined, 'alice');
    const check = new DataWorkosAccessCheck(stack, 'check', { membership: member, permission: 'projects:edit' });
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin' });
    const owner = acme.addRole('org-owner', { name: 'Owner' });
    const policy = acme.setRolePolicy({ defaultRole: owner });
    const mapping = acme.mapDirectoryGroup('Admins', [admin]);
    const workspace = new ResourceType(stack, 'workspace', { slug: 'workspace', name: 'Workspace' });
    const platform = new Resource(stack, 'platform', { organization: acme, type: workspace, externalId: 'platform', name: 'Platform' });
    const assignment = member.assignRole(admin, platform);

    // WHEN synthesized THEN both previews are read only after every one of them is applied
    const data = parsed(stack).data;
    const everything = [mapping, policy, owner, admin, assignment, member].map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
    expect(preview.friendlyUniqueId).toBe('preview');
    expect(data.workos_effective_roles.preview.depends_on).toEqual(expect.arrayContaining(everything));
    expect(data.workos_access_check[check.friendlyUniqueId].depends_on).toEqual(expect.arrayContaining(everything));
  });
});
