/**
 * DataWorkosAccessCheck: membership, permission and resource as objects; one form of resource.
 */
import { Testing } from 'cdktf';
import { DataWorkosAccessCheck, Organization, Permission, Resource } from '../../../constructs';
import { newStack, parsed, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

describe('data sources', () => {
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
