/**
 * The example stacks synthesize the topology their README describes.
 */
import { Testing } from 'cdktf';
import { QuickstartStack } from '../../../examples/quickstart/stack';
import { IdpMappingsStack } from '../../../examples/idp-mappings/stack';
import { ResourceAccessStack } from '../../../examples/resource-access/stack';
import { parsed } from '../../helpers/constructs';

Testing.setupJest();

describe('examples/quickstart', () => {
  test('synthesizes five permissions, three roles, an output and no API key', () => {
    // GIVEN the quickstart stack
    const stack = new QuickstartStack(Testing.app(), 'quickstart');

    // WHEN synthesized (with validations)
    const json = parsed(stack);

    // THEN it declares what the quickstart promises
    expect(Object.keys(json.resource.workos_permission)).toHaveLength(5);
    expect(Object.values(json.resource.workos_role).map((r: any) => r.slug).sort()).toEqual(['admin', 'billing-admin', 'viewer']);
    expect(json.resource.workos_role['billing-admin'].permissions).toEqual([
      '${workos_permission.billing-view.slug}',
      '${workos_permission.billing-manage.slug}',
      '${workos_permission.reports-export.slug}',
    ]);
    expect(json.resource.workos_role.admin.permissions).toHaveLength(5);
    expect(json.output.roles.value).toEqual({
      viewer: '${tolist(workos_role.viewer.permissions)}',
      'billing-admin': '${tolist(workos_role.billing-admin.permissions)}',
      admin: '${tolist(workos_role.admin.permissions)}',
    });
    expect(json.provider.workos).toEqual([{}]);
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
