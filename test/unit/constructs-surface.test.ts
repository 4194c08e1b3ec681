/**
 * What a cdktf user reaches for besides props: attribute getters that reference terraform
 * attributes (generated from the schemas, one per attribute), importers for objects managed
 * elsewhere (`Role.fromSlug`, `Organization.fromId`, `OrganizationRole.fromSlug`), and
 * `Organization.mapAttribute` beside the group mappings.
 */
import { TerraformOutput, TerraformStack, Testing, Token, type TerraformElement } from 'cdktf';
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
import * as schemas from '../../src/schemas';
import { camelCase, type ResourceSchema } from '../../src/schemas/builder';
import { newStack, parsed, synthErrors, type Json } from '../helpers/constructs';

Testing.setupJest();

describe('attribute getters', () => {
  test('an output of role.name references the terraform attribute', () => {
    // GIVEN a role
    const stack = newStack();
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Administrator' });

    // WHEN outputs read its name, description and permissions
    new TerraformOutput(stack, 'admin_name', { value: admin.name });
    new TerraformOutput(stack, 'admin_permissions', { value: admin.permissions });

    // THEN they are references terraform resolves after apply, not the configured values
    const json = parsed(stack);
    expect(json.output.admin_name.value).toBe('${workos_role.admin.name}');
    expect(json.output.admin_permissions.value).toBe('${tolist(workos_role.admin.permissions)}');
  });

  test('every attribute of every construct has a getter referencing it, typed like prebuilt providers', () => {
    // GIVEN one construct of each kind
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const role = new Role(stack, 'role', { slug: 'viewer', name: 'Viewer' });
    const user = new User(stack, 'user', { email: 'a@acme.example' });
    const membership = new OrganizationMembership(stack, 'membership', { organization: acme, user });
    const type = new ResourceType(stack, 'type', { slug: 'workspace', name: 'Workspace' });
    const resource = new Resource(stack, 'resource', { organization: acme, type, externalId: 'platform', name: 'Platform' });
    const constructs: Array<[TerraformElement, ResourceSchema, string]> = [
      [new Permission(stack, 'permission', { slug: 'users:view', name: 'View users' }), schemas.permissionSchema, 'workos_permission.permission'],
      [role, schemas.roleSchema, 'workos_role.role'],
      [acme, schemas.organizationSchema, 'workos_organization.acme'],
      [user, schemas.userSchema, 'workos_user.user'],
      [membership, schemas.organizationMembershipSchema, 'workos_organization_membership.membership'],
      [new OrganizationRole(stack, 'org-role', { organization: acme, slug: 'org-admin', name: 'Admin' }), schemas.organizationRoleSchema, 'workos_organization_role.org-role'],
      [new RolePolicy(stack, 'policy', { multipleRoles: true }), schemas.rolePolicySchema, 'workos_role_policy.policy'],
      [new DirectoryGroupMapping(stack, 'dir', { organization: acme, group: 'Engineering', roles: [role] }), schemas.directoryGroupMappingSchema, 'workos_directory_group_mapping.dir'],
      [new SsoGroupMapping(stack, 'sso', { organization: acme, group: 'Admins', roles: [role] }), schemas.ssoGroupMappingSchema, 'workos_sso_group_mapping.sso'],
      [new AttributeMapping(stack, 'attr', { organization: acme, attribute: 'myRole', value: 'viewer', roles: [role] }), schemas.attributeMappingSchema, 'workos_attribute_mapping.attr'],
      [type, schemas.resourceTypeSchema, 'workos_resource_type.type'],
      [resource, schemas.resourceSchema, 'workos_resource.resource'],
      [new ResourceAssignment(stack, 'assignment', { membership, role, resource }), schemas.resourceAssignmentSchema, 'workos_resource_assignment.assignment'],
      [new DataWorkosEffectiveRoles(stack, 'preview', { organization: acme }), schemas.effectiveRolesSchema, 'data.workos_effective_roles.preview'],
      [new DataWorkosAccessCheck(stack, 'check', { membership, permission: 'users:view' }), schemas.accessCheckSchema, 'data.workos_access_check.check'],
    ];

    // WHEN an output reads each attribute through its camelCase getter
    const expected: Record<string, string> = {};
    for (const [construct, schema, address] of constructs) {
      for (const [name, spec] of Object.entries(schema.attributes)) {
        const outputId = `${schema.typeName}-${name}`;
        new TerraformOutput(stack, outputId, { value: (construct as unknown as Record<string, unknown>)[camelCase(name)] });
        const isSet = typeof spec.type === 'object' && 'set' in spec.type;
        expected[outputId] = isSet ? `\${tolist(${address}.${name})}` : `\${${address}.${name}}`;
      }
    }

    // THEN every output is a reference to exactly that attribute (sets as lists, like prebuilt providers)
    const outputs = parsed(stack).output as Record<string, { value: unknown }>;
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, outputs[k]?.value]))).toEqual(expected);
    const allTypes = Object.values(schemas).flatMap((s: unknown) => (typeof s === 'object' && s !== null && 'typeName' in s && 'attributes' in s ? [String(s.typeName)] : []));
    expect(constructs.map(([, s]) => s.typeName).sort()).toEqual(allTypes.sort());
  });

  test('where the getter is a reference, the value as given stays available as …Input', () => {
    // GIVEN mappings and a policy with plain values
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const dir = acme.mapDirectoryGroup('Engineering', ['developer']);
    const sso = acme.mapSsoGroup('Admins', ['admin']);
    const attr = acme.mapAttribute('myRole', 'admin', ['admin']);
    acme.addRole('org-owner', { name: 'Owner' }); // an organization has a policy of its own once it has a custom role
    const policy = acme.setRolePolicy({ multipleRoles: false });

    // THEN the getters are references and the …Input accessors the values as configured
    expect(dir.group).toMatch(/^\$\{TfToken/);
    expect([dir.groupInput, sso.groupInput, attr.attributeInput, attr.valueInput, policy.multipleRolesInput]).toEqual(['Engineering', 'Admins', 'myRole', 'admin', false]);
    new TerraformOutput(stack, 'group', { value: dir.group });
    new TerraformOutput(stack, 'multiple', { value: policy.multipleRoles });
    const json = parsed(stack);
    expect(json.output.group.value).toBe('${workos_directory_group_mapping.acme-directory-engineering.group}');
    expect(json.output.multiple.value).toBe('${workos_role_policy.acme-role-policy.multiple_roles}');
  });
});

describe('plain permission slugs', () => {
  test('Role and OrganizationRole give their permission slugs as plain strings where known (permissionsInput)', () => {
    // GIVEN roles granting Permission objects, plain slugs and an imported permission
    const stack = newStack();
    const view = new Permission(stack, 'view', { slug: 'projects:view', name: 'View' });
    const edit = new Permission(stack, 'edit', { slug: 'projects:edit', name: 'Edit' });
    const editor = new Role(stack, 'editor', { slug: 'editor', name: 'Editor', permissions: [view, 'billing:view'] });
    editor.addPermission(edit, Permission.fromSlug(stack, 'audit', 'audit:read'), 'projects:view');
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const owner = acme.addRole('org-owner', { name: 'Owner', permissions: [edit] });

    // THEN the slugs are plain strings, each once, in the order granted; `permissions` stays the reference
    expect(editor.permissionsInput).toEqual(['projects:view', 'billing:view', 'projects:edit', 'audit:read']);
    expect(owner.permissionsInput).toEqual(['projects:edit']);
    expect(Token.isUnresolved(editor.permissions)).toBe(true);
  });
});

describe('importers', () => {
  test('Role.fromSlug and Organization.fromId are accepted wherever a role or an organization is', () => {
    // GIVEN an environment role and an organization managed elsewhere
    const stack = newStack();
    const member = Role.fromSlug(stack, 'member', 'member');
    const globex = Organization.fromId(stack, 'globex', 'org_01GLOBEX');

    // WHEN constructs use them
    const admin = new OrganizationRole(stack, 'globex-admin', { organization: globex, slug: 'org-admin', name: 'Admin' });
    new DirectoryGroupMapping(stack, 'everyone', { organization: globex, group: 'Everyone', roles: [member, 'member', admin] });
    new OrganizationMembership(stack, 'bob', { organization: globex, user: 'user_01BOB', roles: [member] });
    new RolePolicy(stack, 'globex-policy', { organization: globex, defaultRole: member, priority: [admin, member] });
    new DataWorkosEffectiveRoles(stack, 'preview', { organization: globex, directoryGroups: ['Everyone'] });

    // THEN they synthesize as the plain slug and id (the imported role counted once with its slug)
    const json = parsed(stack);
    expect(json.resource.workos_organization_role['globex-admin']).toMatchObject({ organization_id: 'org_01GLOBEX' });
    expect(json.resource.workos_directory_group_mapping.everyone).toMatchObject({ organization_id: 'org_01GLOBEX', roles: ['member', '${workos_organization_role.globex-admin.slug}'] });
    expect(json.resource.workos_organization_membership.bob).toMatchObject({ organization_id: 'org_01GLOBEX', roles: ['member'] });
    expect(json.resource.workos_role_policy['globex-policy']).toMatchObject({ organization_id: 'org_01GLOBEX', default_role: 'member', priority: ['${workos_organization_role.globex-admin.slug}', 'member'] });
    expect(json.data.workos_effective_roles.preview).toMatchObject({ organization_id: 'org_01GLOBEX' });
    expect(json.resource.workos_role).toBeUndefined();
  });

  test('an imported organization is the same organization as its id, and another one than a different id', () => {
    // GIVEN an organization referenced by id, and a custom role of it referenced by slug
    const stack = newStack();
    const globex = Organization.fromId(stack, 'globex', 'org_01GLOBEX');
    const globexAdmin = OrganizationRole.fromSlug(stack, 'globex-admin', globex, 'org-admin');

    // WHEN the role is mapped in the same organization (given by its id) and in another one
    new SsoGroupMapping(stack, 'same', { organization: 'org_01GLOBEX', group: 'Admins', roles: [globexAdmin] });
    new SsoGroupMapping(stack, 'other', { organization: Organization.fromId(stack, 'initech', 'org_01INITECH'), group: 'Admins', roles: [globexAdmin] });

    // THEN only the other organization's mapping fails, naming the attribute and both organizations
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[stack\/other\] Invalid value for "roles.0": stack\/globex-admin belongs to organization stack\/globex \("org_01GLOBEX"\), not to stack\/initech \("org_01INITECH"\)/);
    expect(errors).not.toMatch(/stack\/same/);
  });

  test('imported slugs and ids are validated at synth, naming the attribute', () => {
    // GIVEN importers with malformed slugs and an empty id
    const stack = newStack();
    Role.fromSlug(stack, 'bad-role', 'Not A Slug');
    OrganizationRole.fromSlug(stack, 'bad-org-role', 'org_01ACME', 'admin');
    Organization.fromId(stack, 'no-org', '');

    // THEN synth reports each
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[stack\/bad-role\] Invalid value for "slug": "Not A Slug"/);
    expect(errors).toMatch(/\[stack\/bad-org-role\] Invalid value for "slug": "admin"/);
    expect(errors).toMatch(/\[stack\/no-org\] Invalid value for "organizationId": Organization.fromId needs the id of an existing organization/);
  });
});

describe('Organization.mapAttribute', () => {
  test('maps a user attribute value to roles; the same attribute and value again adds roles', () => {
    // GIVEN an organization with a custom role and an environment role
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const editor = acme.addRole('org-editor', { name: 'Editor' });
    const viewer = new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer' });

    // WHEN attribute values are mapped, one of them twice
    const admins = acme.mapAttribute('myRole', 'admin', ['admin'], { mode: 'exclusive' });
    const again = acme.mapAttribute('myRole', 'admin', [editor, 'admin']);
    acme.mapAttribute('myRole', 'viewer', [viewer]);

    // THEN one workos_attribute_mapping per attribute value, next to the organization, roles each once
    expect(again).toBe(admins);
    expect(admins).toBeInstanceOf(AttributeMapping);
    const mappings = parsed(stack).resource.workos_attribute_mapping;
    expect(mappings).toEqual({
      'acme-attribute-myrole-admin': expect.objectContaining({ organization_id: '${workos_organization.acme.id}', attribute: 'myRole', value: 'admin', mode: 'exclusive', roles: ['admin', '${workos_organization_role.acme-org-editor.slug}'] }),
      'acme-attribute-myrole-viewer': expect.objectContaining({ attribute: 'myRole', value: 'viewer', roles: ['${workos_role.viewer.slug}'] }),
    });
  });
});
