/**
 * ResourceType, Resource and ResourceAssignment reference each other, by object or by slug/id.
 */
import { Testing } from 'cdktf';
import {
  Organization,
  Resource,
  ResourceAssignment,
  ResourceType,
  Role,
} from '../../../constructs';
import { newStack, parsed, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

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
