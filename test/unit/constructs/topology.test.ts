/**
 * Checks across the constructs of a stack (constructs/topology.ts): duplicate slugs, roles of
 * another organization, parent cycles, resource forms, all reported at once.
 */
import { Testing } from 'cdktf';
import {
  Organization,
  OrganizationMembership,
  OrganizationRole,
  Permission,
  Resource,
  ResourceAssignment,
  ResourceType,
  Role,
  RolePolicy,
} from '../../../constructs';
import { newStack, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

describe('cross-construct checks', () => {
  test('two Permissions with the same slug', () => {
    const stack = newStack();
    new Permission(stack, 'first', { slug: 'users:view', name: 'View users' });
    new Permission(stack, 'second', { slug: 'users:view', name: 'See users' });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/second\] Invalid value for "slug": "users:view" is already the slug of permission stack\/first/);
    expect(message).not.toMatch(/\[stack\/first\]/);
  });

  test('two environment Roles with the same slug', () => {
    const stack = newStack();
    new Role(stack, 'a', { slug: 'admin', name: 'Admin' });
    new Role(stack, 'b', { slug: 'admin', name: 'Admin 2' });
    expect(synthErrors(stack)).toMatch(/\[stack\/b\] Invalid value for "slug": "admin" is already the slug of role stack\/a/);
  });

  test('two roles with the same slug in one organization fail; in two organizations they are fine', () => {
    // GIVEN two organizations
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const globex = new Organization(stack, 'globex', { name: 'Globex' });

    // WHEN both get org-admin, and Acme gets it twice
    acme.addRole('org-admin', { name: 'Admin' });
    globex.addRole('org-admin', { name: 'Admin' });
    new OrganizationRole(stack, 'acme-admin-again', { organization: acme, slug: 'org-admin', name: 'Admin again' });

    // THEN only the second Acme one is reported
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/acme-admin-again\] Invalid value for "slug": "org-admin" is already the slug of organization role stack\/acme-org-admin: organization role slugs are unique in one organization/);
    expect(message).not.toMatch(/\[stack\/globex-org-admin\]/);
  });

  test("a mapping, a membership, a policy or an assignment naming another organization's role", () => {
    // GIVEN Globex's admin role
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const globexAdmin = globex.addRole('org-admin', { name: 'Admin' });

    // WHEN Acme's mapping, membership, policy and an assignment use it, and the environment policy too
    acme.mapDirectoryGroup('Engineering', ['developer', globexAdmin]);
    const member = new OrganizationMembership(stack, 'bob', { organization: acme, user: 'user_1', roles: [globexAdmin] });
    new RolePolicy(stack, 'acme-policy', { organization: acme, defaultRole: globexAdmin });
    new RolePolicy(stack, 'env-policy', { priority: [globexAdmin] });
    new ResourceAssignment(stack, 'assignment', { membership: member, role: globexAdmin, resource: { id: 'res_1' } });

    // THEN each is reported, naming the attribute and both organizations
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/acme-directory-engineering\] Invalid value for "roles": stack\/globex-org-admin belongs to organization stack\/globex, not to stack\/acme/);
    expect(message).toMatch(/\[stack\/bob\] Invalid value for "roles": stack\/globex-org-admin belongs to organization stack\/globex/);
    expect(message).toMatch(/\[stack\/acme-policy\] Invalid value for "defaultRole": stack\/globex-org-admin belongs/);
    expect(message).toMatch(/\[stack\/env-policy\] Invalid value for "priority\.0": .*the environment policy can only use environment roles/);
    expect(message).toMatch(/\[stack\/assignment\] Invalid value for "role": stack\/globex-org-admin belongs/);
  });

  test('resource type parent cycles are reported once, with the cycle', () => {
    // GIVEN workspace → project, and a type that is its own grandparent
    const stack = newStack();
    const workspace = new ResourceType(stack, 'workspace', { slug: 'workspace', name: 'Workspace' });
    new ResourceType(stack, 'project', { slug: 'project', name: 'Project', parentTypes: [workspace] });
    new ResourceType(stack, 'folder', { slug: 'folder', name: 'Folder', parentTypes: ['document'] });
    new ResourceType(stack, 'document', { slug: 'document', name: 'Document', parentTypes: ['folder'] });

    // WHEN synthesizing THEN the cycle is named once, the valid hierarchy not at all
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/folder\] Invalid value for "parentTypes": forms a cycle: folder → document → folder/);
    expect(message).not.toMatch(/\[stack\/document\]/);
    expect(message).not.toMatch(/workspace|project/);
  });

  test('resource parent cycles and parents in another organization', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const a = new Resource(stack, 'a', { organization: acme, type: 'workspace', externalId: 'a', name: 'A' });
    // A cycle needs a forward reference: declare b with a as parent, then re-parent a.
    const b = new Resource(stack, 'b', { organization: acme, type: 'workspace', externalId: 'b', name: 'B', parent: a });
    (a as unknown as { props: { parent: Resource } }).props.parent = b;
    new Resource(stack, 'foreign-child', { organization: globex, type: 'project', externalId: 'c', name: 'C', parent: b });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/a\] Invalid value for "parent": forms a cycle: stack\/a → stack\/b → stack\/a/);
    expect(message).toMatch(/\[stack\/foreign-child\] Invalid value for "parent": stack\/b is in another organization/);
  });

  test('a resource assignment needs exactly one form of resource', () => {
    const stack = newStack();
    const both = { id: 'res_1', type: 'project', externalId: 'api' };
    new ResourceAssignment(stack, 'neither', { membership: 'om_1', role: 'admin', resource: {} });
    new ResourceAssignment(stack, 'both', { membership: 'om_1', role: 'admin', resource: both });
    new ResourceAssignment(stack, 'half', { membership: 'om_1', role: 'admin', resource: { type: 'project' } });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/neither\] Invalid value for "resource": names no resource/);
    expect(message).toMatch(/\[stack\/both\] Invalid value for "resource": names the resource twice/);
    expect(message).toMatch(/\[stack\/half\] Invalid value for "resource": \{ type, externalId \} needs both/);
  });

  test('synth lists problems of different kinds at once', () => {
    const stack = newStack();
    new Permission(stack, 'p1', { slug: 'users:view', name: 'View users' });
    new Permission(stack, 'p2', { slug: 'users:view', name: 'View users' });
    new OrganizationRole(stack, 'no-prefix', { organization: 'org_1', slug: 'admin', name: 'Admin' });
    new ResourceAssignment(stack, 'nowhere', { membership: 'om_1', role: 'admin', resource: {} });
    new RolePolicy(stack, 'dupes', { priority: ['a', 'a'] });
    const errors = synthErrors(stack)
      .split('\n')
      .filter((l) => /^\s*\[stack\//.test(l));
    expect(errors.map((l) => l.trim().split(']')[0] + ']')).toEqual(['[stack/p2]', '[stack/no-prefix]', '[stack/nowhere]', '[stack/dupes]']);
  });
});
