/**
 * The role-topology constructs synthesize what the provider expects, accept roles,
 * organizations, types and resources as objects or plain slugs/ids, and reject at synth time
 * what cannot work: per attribute, and across the constructs of a stack.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  AttributeMapping,
  DataWorkosAccessCheck,
  DataWorkosEffectiveRoles,
  DirectoryGroupMapping,
  Organization,
  OrganizationMembership,
  OrganizationRole,
  Permission,
  Resource,
  ResourceAssignment,
  ResourceType,
  Role,
  RolePolicy,
  SsoGroupMapping,
  User,
  WorkosProvider,
} from '../../constructs';
import { IdpMappingsStack } from '../../examples/idp-mappings/stack';
import { ResourceAccessStack } from '../../examples/resource-access/stack';
import { newStack, parsed, synth, synthErrors, type Json } from '../helpers/constructs';

Testing.setupJest();

describe('Organization, User, OrganizationMembership', () => {
  test('a member of an organization references both, with roles as objects or slugs', () => {
    // GIVEN an organization with a custom role and a user
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme', externalId: 'acme' });
    const admin = acme.addRole('org-admin', { name: 'Admin' });
    const alice = new User(stack, 'alice', { email: 'alice@acme.example', firstName: 'Alice' });
    new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer' });

    // WHEN the user becomes a member with an object role, a slug a Role defines, and an unknown slug
    const member = new OrganizationMembership(stack, 'alice-at-acme', { organization: acme, user: alice, roles: [admin, 'viewer'] });
    member.addRole('billing', admin);

    // THEN every reference is a terraform reference, each role listed once
    const json = parsed(stack);
    expect(json.resource.workos_organization.acme).toMatchObject({ name: 'Acme', external_id: 'acme' });
    expect(json.resource.workos_user.alice).toMatchObject({ email: 'alice@acme.example', first_name: 'Alice' });
    expect(json.resource.workos_organization_membership['alice-at-acme']).toMatchObject({
      organization_id: '${workos_organization.acme.id}',
      user_id: '${workos_user.alice.id}',
      roles: ['${workos_organization_role.acme-org-admin.slug}', '${workos_role.viewer.slug}', 'billing'],
    });
  });

  test('a membership without roles leaves them to mappings and waits for the organization policy', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const member = acme.addRole('org-member', { name: 'Member' });
    acme.setRolePolicy({ defaultRole: member });
    acme.addMember('user_123', undefined, 'bob');
    const membership = parsed(stack).resource.workos_organization_membership['acme-member-bob'];
    expect(membership.roles).toBeUndefined();
    expect(membership.user_id).toBe('user_123');
    expect(membership.depends_on).toEqual(['workos_role_policy.acme-role-policy']);
  });

  test('several roles where the organization policy is single-role give a warning, not an error', () => {
    // GIVEN an organization in single-role mode
    const stack = newStack();
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const admin = globex.addRole('org-admin', { name: 'Admin' });
    globex.setRolePolicy({ multipleRoles: false });

    // WHEN a membership lists two roles
    const member = new OrganizationMembership(stack, 'bob', { organization: globex, user: 'user_1', roles: [admin, 'member'] });

    // THEN synth succeeds and the membership carries a warning naming roles
    synth(stack);
    const warnings = member.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/"roles" lists 2 roles but stack\/globex-role-policy turns multiple-roles mode off/)]);
  });

  test('an invalid email and an empty organization name are reported together, naming the props', () => {
    const stack = newStack();
    new Organization(stack, 'nameless', { name: '' });
    new User(stack, 'bad-email', { email: 'not-an-email' });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/nameless\] Invalid value for "name": "" must not be empty/);
    expect(message).toMatch(/\[stack\/bad-email\] Invalid value for "email".*email address/);
  });
});

describe('OrganizationRole', () => {
  test('synthesizes its organization and permissions; addPermission de-duplicates', () => {
    // GIVEN an organization and a permission
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const view = new Permission(stack, 'reports-view', { slug: 'reports:view', name: 'View reports' });

    // WHEN a role grants it twice and another by slug
    const role = new OrganizationRole(stack, 'analyst', { organization: acme, slug: 'org-analyst', name: 'Analyst', permissions: [view] });
    role.addPermission('reports:view', 'reports:export');

    // THEN it is granted once, by reference, and the role belongs to the organization
    expect(synth(stack)).toHaveResourceWithProperties(OrganizationRole, {
      organization_id: '${workos_organization.acme.id}',
      slug: 'org-analyst',
      permissions: ['${workos_permission.reports-view.slug}', 'reports:export'],
    });
  });

  test('an organization id string works as well as the construct', () => {
    const stack = newStack();
    new OrganizationRole(stack, 'r', { organization: 'org_01ABC', slug: 'org-ops', name: 'Ops' });
    expect(synth(stack)).toHaveResourceWithProperties(OrganizationRole, { organization_id: 'org_01ABC' });
  });

  test('a slug without the org- prefix fails, naming slug', () => {
    const stack = newStack();
    new OrganizationRole(stack, 'admin', { organization: 'org_01ABC', slug: 'admin', name: 'Admin' });
    expect(() => synth(stack)).toThrow(/\[stack\/admin\] Invalid value for "slug": "admin" must start with "org-"/);
  });

  test('mapDirectoryGroup and mapSsoGroup create mappings of the role in its organization', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const admin = acme.addRole('org-admin', { name: 'Admin' });
    admin.mapDirectoryGroup('Engineering Leads');
    admin.mapSsoGroup('Admins', { connectionId: 'conn_1' });
    const json = parsed(stack);
    expect(json.resource.workos_directory_group_mapping['acme-org-admin-directory-engineering-leads']).toMatchObject({
      group: 'Engineering Leads',
      organization_id: '${workos_organization.acme.id}',
      roles: ['${workos_organization_role.acme-org-admin.slug}'],
    });
    expect(json.resource.workos_sso_group_mapping['acme-org-admin-sso-admins']).toMatchObject({ group: 'Admins', connection_id: 'conn_1' });
  });
});

describe('group mappings', () => {
  test('mapping the same directory group twice adds roles to one mapping', () => {
    // GIVEN an organization mapping "Engineering" to developer
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const developer = new Role(stack, 'developer', { slug: 'developer', name: 'Developer' });
    const first = acme.mapDirectoryGroup('Engineering', [developer], { mode: 'additive' });

    // WHEN the group is mapped again, with the same role as a slug and another one
    const second = acme.mapDirectoryGroup('Engineering', ['developer', 'on-call']);

    // THEN there is one mapping with each role once
    expect(second).toBe(first);
    const mappings = parsed(stack).resource.workos_directory_group_mapping;
    expect(Object.keys(mappings)).toEqual(['acme-directory-engineering']);
    expect(mappings['acme-directory-engineering']).toMatchObject({ roles: ['${workos_role.developer.slug}', 'on-call'], mode: 'additive' });
  });

  test('an attribute mapping synthesizes attribute, value and roles', () => {
    const stack = newStack();
    new AttributeMapping(stack, 'my-role-admin', { organization: 'org_1', attribute: 'myRole', value: 'admin', roles: ['admin'] });
    expect(synth(stack)).toHaveResourceWithProperties(AttributeMapping, { organization_id: 'org_1', attribute: 'myRole', value: 'admin', roles: ['admin'] });
  });

  test('invalid roles and mode are reported at their position; tokens are skipped', () => {
    const stack = newStack();
    const role = new TerraformVariable(stack, 'role', { type: 'string' });
    new SsoGroupMapping(stack, 'bad', { organization: 'org_1', group: 'Staff', roles: [role.stringValue, 'Not A Slug'], mode: 'sometimes' as 'additive' });
    new DirectoryGroupMapping(stack, 'empty', { organization: 'org_1', group: 'Nobody', roles: [] as unknown as [string] });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/bad\] Invalid value for "roles\.1": "Not A Slug"/);
    expect(message).toMatch(/\[stack\/bad\] Invalid value for "mode"/);
    expect(message).not.toMatch(/roles\.0/);
    expect(message).toMatch(/\[stack\/empty\] Invalid value for "roles".*at least one role/);
  });
});

describe('RolePolicy', () => {
  test('priority and default role as objects or slugs, in order; waits for the organization roles', () => {
    const stack = newStack();
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const admin = globex.addRole('org-admin', { name: 'Admin' });
    globex.addRole('org-member', { name: 'Member' });
    const policy = new RolePolicy(stack, 'globex-policy', { organization: globex, priority: [admin, 'org-member', 'member'], defaultRole: 'org-member', multipleRoles: false });
    const json = parsed(stack).resource.workos_role_policy['globex-policy'];
    expect(json).toMatchObject({
      organization_id: '${workos_organization.globex.id}',
      priority: ['${workos_organization_role.globex-org-admin.slug}', '${workos_organization_role.globex-org-member.slug}', 'member'],
      default_role: '${workos_organization_role.globex-org-member.slug}',
      multiple_roles: false,
    });
    expect(json.depends_on).toEqual(['workos_organization_role.globex-org-admin', 'workos_organization_role.globex-org-member']);
    expect(policy.organization).toBe(globex);
  });

  test('an environment policy leaves organization_id unset', () => {
    const stack = newStack();
    new RolePolicy(stack, 'env', { multipleRoles: true });
    expect(parsed(stack).resource.workos_role_policy.env).toEqual({ multiple_roles: true });
  });

  test('a role listed twice in priority (object and slug) is named at its second position', () => {
    // GIVEN a role given as an object and again as its slug
    const stack = newStack();
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin' });
    new RolePolicy(stack, 'env', { priority: [admin, 'member', 'admin'] });

    // WHEN synthesizing THEN the duplicate is reported with its position
    expect(synthErrors(stack)).toMatch(/\[stack\/env\] Invalid value for "priority\.2": lists the role at priority\.0 again/);
  });

  test('a plain slug listed twice is caught by the provider rule', () => {
    const stack = newStack();
    new RolePolicy(stack, 'env', { priority: ['admin', 'admin'] });
    expect(synthErrors(stack)).toMatch(/Invalid value for "priority".*must not list a role twice/);
  });

  test('two policies for the same scope are rejected', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    acme.setRolePolicy({ multipleRoles: true });
    new RolePolicy(stack, 'again', { organization: acme, multipleRoles: false });
    expect(synthErrors(stack)).toMatch(/\[stack\/again\] Invalid value for "organization": stack\/acme-role-policy already is the role policy/);
  });
});

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
    expect(message).toMatch(/\[stack\/acme-directory-engineering\] Invalid value for "roles\.1": stack\/globex-org-admin belongs to organization stack\/globex, not to stack\/acme/);
    expect(message).toMatch(/\[stack\/bob\] Invalid value for "roles\.0": stack\/globex-org-admin belongs to organization stack\/globex/);
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

describe('resources', () => {
  test('types, resources and assignments reference each other', () => {
    // GIVEN workspace → project and a member
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const workspace = new ResourceType(stack, 'workspace', { slug: 'workspace', name: 'Workspace' });
    new ResourceType(stack, 'project', { slug: 'project', name: 'Project', parentTypes: [workspace] });
    const platform = new Resource(stack, 'platform', { organization: acme, type: workspace, externalId: 'platform', name: 'Platform' });
    const api = new Resource(stack, 'api', { organization: acme, type: 'project', externalId: 'api', name: 'API', parent: platform, cascadeDelete: true });
    const member = acme.addMember('user_1', undefined, 'alice');

    // WHEN roles are assigned by Resource and by type + external id
    const admin = new Role(stack, 'workspace-admin', { slug: 'workspace-admin', name: 'Workspace admin' });
    member.assignRole(admin, platform, 'on-platform');
    new ResourceAssignment(stack, 'on-api', { membership: member, role: 'project-editor', resource: { type: 'project', externalId: 'api' } });

    // THEN ids, slugs and the parent are references
    const json = parsed(stack).resource;
    expect(json.workos_resource_type.project.parent_types).toEqual(['${workos_resource_type.workspace.slug}']);
    expect(json.workos_resource.api).toMatchObject({ parent_id: '${workos_resource.platform.id}', resource_type_slug: '${workos_resource_type.project.slug}', cascade_delete: true });
    expect(json.workos_resource_assignment['on-platform']).toMatchObject({
      organization_membership_id: '${workos_organization_membership.acme-member-alice.id}',
      role_slug: '${workos_role.workspace-admin.slug}',
      resource_id: '${workos_resource.platform.id}',
    });
    expect(json.workos_resource_assignment['on-api']).toMatchObject({ resource_type_slug: '${workos_resource_type.project.slug}', resource_external_id: 'api', role_slug: 'project-editor' });
    expect(json.workos_resource_assignment['on-api'].resource_id).toBeUndefined();
    expect(api.id).toMatch(/TOKEN/);
  });

  test('an external id with a space is rejected, naming externalId', () => {
    const stack = newStack();
    new Resource(stack, 'bad', { organization: 'org_1', type: 'project', externalId: 'api backend', name: 'API' });
    expect(synthErrors(stack)).toMatch(/\[stack\/bad\] Invalid value for "externalId": "api backend" must contain only printable ASCII/);
  });
});

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

  test('access check: membership, permission and resource as objects; allowed and reason as references', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const edit = new Permission(stack, 'edit', { slug: 'projects:edit', name: 'Edit projects' });
    const member = acme.addMember('user_1', undefined, 'alice');
    const api = new Resource(stack, 'api', { organization: acme, type: 'project', externalId: 'api', name: 'API' });
    const check = new DataWorkosAccessCheck(stack, 'can-edit', { membership: member, permission: edit, resource: api });
    const byExternal = new DataWorkosAccessCheck(stack, 'by-external', { membership: 'om_1', permission: 'projects:view', resource: { type: 'project', externalId: 'api' } });
    const json = parsed(stack).data.workos_access_check;
    expect(json['can-edit']).toMatchObject({
      organization_membership_id: '${workos_organization_membership.acme-member-alice.id}',
      permission_slug: '${workos_permission.edit.slug}',
      resource_id: '${workos_resource.api.id}',
    });
    expect(json['by-external']).toMatchObject({ resource_type_slug: 'project', resource_external_id: 'api' });
    expect(check.allowed).toBeDefined();
    expect(byExternal.reason).toMatch(/TOKEN/);
  });

  test('a data source with both resource forms is rejected', () => {
    const stack = newStack();
    new DataWorkosAccessCheck(stack, 'both', { membership: 'om_1', permission: 'x', resource: { id: 'r', type: 'project', externalId: 'a' } });
    expect(synthErrors(stack)).toMatch(/\[stack\/both\] Invalid value for "resource": names the resource twice/);
  });
});

describe('examples', () => {
  test('idp-mappings: Acme in multiple-roles mode, Globex with its own priority order and SSO mappings', () => {
    const json = parsed(new IdpMappingsStack(Testing.app(), 'idp-mappings'));
    const r = json.resource;
    expect(r.workos_role_policy['acme-role-policy']).toMatchObject({ multiple_roles: true });
    expect(r.workos_role_policy['globex-role-policy']).toMatchObject({ multiple_roles: false, priority: ['${workos_organization_role.globex-org-admin.slug}', '${workos_organization_role.globex-org-member.slug}'] });
    expect(Object.values(r.workos_directory_group_mapping).map((m: any) => m.group).sort()).toEqual(['Design', 'Engineering']);
    expect(Object.values(r.workos_sso_group_mapping).map((m: any) => m.group).sort()).toEqual(['Platform Admins', 'Staff']);
    expect(json.data.workos_effective_roles.acme_engineer_designer.directory_groups).toEqual(['Engineering', 'Design']);
    expect(json.output.acme_engineer_designer_roles.value).toBe('${data.workos_effective_roles.acme_engineer_designer.roles}');
  });

  test('resource-access: the worked example of docs/semantics.md', () => {
    const json = parsed(new ResourceAccessStack(Testing.app(), 'resource-access'));
    const r = json.resource;
    expect(r.workos_resource_type.project.parent_types).toEqual(['${workos_resource_type.workspace.slug}']);
    expect(Object.values(r.workos_resource_assignment).map((a: any) => [a.role_slug, a.resource_id])).toEqual(
      expect.arrayContaining([
        ['${workos_role.workspace-admin.slug}', '${workos_resource.platform.id}'],
        ['${workos_role.project-editor.slug}', '${workos_resource.api-backend.id}'],
      ]),
    );
    expect(Object.keys(r.workos_resource_assignment)).toHaveLength(2);
    expect(r.workos_directory_group_mapping['acme-org-member-directory-engineering'].roles).toEqual(['${workos_organization_role.acme-org-member.slug}']);
    expect(Object.keys(json.data.workos_access_check).sort()).toEqual([
      'alice_can_edit_api_backend_check',
      'alice_can_edit_website_check',
      'alice_can_manage_platform_check',
      'alice_can_view_website_check',
    ]);
  });
});
