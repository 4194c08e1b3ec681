/**
 * The generated attribute getters (constructs/generated): one per schema attribute, referencing
 * the terraform attribute and typed like prebuilt providers'; the value as given stays …Input.
 */
import { TerraformOutput, type TerraformElement, Testing } from 'cdktf';
import {
  AttributeMapping,
  DataWorkosAccessCheck,
  DataWorkosEffectiveRoles,
  Directory,
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
} from '../../../constructs';
import { camelCase, type ResourceSchema } from '../../../src/schemas/builder';
import * as schemas from '../../../src/schemas';
import { newStack, parsed } from '../../helpers/constructs';

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
      [new Directory(stack, 'directory', { organization: acme, name: 'Okta' }), schemas.directorySchema, 'workos_directory.directory'],
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
