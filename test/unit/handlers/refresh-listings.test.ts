/**
 * Every handler's refresh through listings (providers/listings.ts; README, "Requests per
 * refresh"), against the local control plane: GIVEN 6 objects of each kind, WHEN all are
 * refreshed at once as terraform does, THEN each read equals the direct read, and the requests
 * are one GET plus one listing per kind and scope (per membership for assignments, which the
 * API lists only there), not one per object.
 */
import type { ResourceHandler } from '../../../providers/handler';
import { Listings } from '../../../providers/listings';
import { permissionHandler } from '../../../providers/handlers/permission';
import { roleHandler } from '../../../providers/handlers/role';
import { organizationHandler } from '../../../providers/handlers/organization';
import { userHandler } from '../../../providers/handlers/user';
import { organizationMembershipHandler } from '../../../providers/handlers/organization-membership';
import { organizationRoleHandler } from '../../../providers/handlers/organization-role';
import { directoryHandler } from '../../../providers/handlers/directory';
import { directoryGroupMappingHandler } from '../../../providers/handlers/directory-group-mapping';
import { resourceTypeHandler } from '../../../providers/handlers/resource-type';
import { resourceHandler } from '../../../providers/handlers/resource';
import { resourceAssignmentHandler } from '../../../providers/handlers/resource-assignment';
import { planned, useHandlerTarget, type Values } from './harness';

const COUNT = 6;

describe('refresh from listings, for every listable handler', () => {
  const target = useHandlerTarget();
  let org: string;
  const memberships: string[] = [];

  beforeAll(async () => {
    org = (await target.client.organizations.create({ name: 'Listed' })).id;
    await target.client.roles.create({ slug: 'listed-base', name: 'Base' });
    await target.client.resourceTypes.create({ slug: 'listed-space', name: 'Space', parentTypes: [] });
    for (let i = 0; i < 2; i++) {
      const user = await target.client.users.create({ email: `member${i}@listed.test` });
      memberships.push((await target.client.memberships.create({ organizationId: org, userId: user.id })).id);
    }
  });

  /** The objects of one kind, created through the handler, each as its state. */
  async function created(handler: ResourceHandler, given: (i: number) => Values): Promise<Values[]> {
    const out: Values[] = [];
    for (let i = 0; i < COUNT; i++) out.push(await handler.create(target.context(), planned(handler, given(i))));
    return out;
  }

  /** Refreshes all states at once through one `Listings`; returns the reads and the requests they sent. */
  async function refresh(handler: ResourceHandler, states: Values[]): Promise<{ reads: Array<Values | null>; requests: number }> {
    const listings = new Listings();
    const before = target.client.stats.requests;
    const reads = await Promise.all(states.map((s) => handler.read({ ...target.context(), listings }, s)));
    return { reads, requests: target.client.stats.requests - before };
  }

  const cases: Array<[string, () => ResourceHandler, (i: number) => Values]> = [
    ['workos_permission', () => permissionHandler, (i) => ({ slug: `listed:p${i}`, name: `P${i}` })],
    ['workos_role', () => roleHandler, (i) => ({ slug: `listed-r${i}`, name: `R${i}`, destroy_behavior: 'delete' })],
    ['workos_organization', () => organizationHandler, (i) => ({ name: `Org ${i}` })],
    ['workos_user', () => userHandler, (i) => ({ email: `listed${i}@listed.test` })],
    ['workos_organization_role', () => organizationRoleHandler, (i) => ({ organization_id: org, slug: `org-listed-${i}`, name: `OR${i}`, force_delete: false })],
    ['workos_directory', () => directoryHandler, (i) => ({ organization_id: org, name: `Directory ${i}`, type: 'generic scim v2.0' })],
    ['workos_directory_group_mapping', () => directoryGroupMappingHandler, (i) => ({ organization_id: org, group: `Group ${i}`, roles: ['listed-base'] })],
    ['workos_resource_type', () => resourceTypeHandler, (i) => ({ slug: `listed-t${i}`, name: `T${i}` })],
    ['workos_resource', () => resourceHandler, (i) => ({ organization_id: org, resource_type_slug: 'listed-space', external_id: `space-${i}`, name: `Space ${i}`, cascade_delete: false })],
    // Listed per membership, and never read on their own: one listing per membership, no GET.
    ['workos_resource_assignment', () => resourceAssignmentHandler, (i) => ({ organization_membership_id: memberships[i % 2], role_slug: 'listed-base', resource_type_slug: 'listed-space', resource_external_id: `space-${i}` })],
  ];

  test.each(cases)('GIVEN %s × 6 WHEN refreshed at once THEN each read equals its direct read, and two requests go out', async (_type, handlerOf, given) => {
    const handler = handlerOf();
    const states = await created(handler, given);
    const direct = await Promise.all(states.map((s) => handler.read(target.context(), s)));
    const { reads, requests } = await refresh(handler, states);
    expect(reads).toEqual(direct);
    expect(reads.every((r) => r !== null)).toBe(true);
    expect(requests).toBe(2); // one GET and one page (assignments: one listing for each of the 2 memberships)
  });

  test('GIVEN 6 memberships of one organization WHEN refreshed at once THEN one GET and one listing of that organization', async () => {
    for (let i = 2; i < COUNT; i++) {
      const user = await target.client.users.create({ email: `member${i}@listed.test` });
      memberships.push((await target.client.memberships.create({ organizationId: org, userId: user.id })).id);
    }
    const states = await Promise.all(memberships.map((id) => organizationMembershipHandler.importState(target.context(), id)));
    const { reads, requests } = await refresh(organizationMembershipHandler, states as Values[]);
    expect(reads).toEqual(states);
    expect(requests).toBe(2);
  });

  test('GIVEN one permission deleted out of band WHEN refreshed with the others THEN it alone is gone (confirmed by its own GET)', async () => {
    const states = await created(permissionHandler as ResourceHandler, (i) => ({ slug: `listed:gone${i}`, name: `G${i}` }));
    await target.client.permissions.delete('listed:gone3');
    const { reads, requests } = await refresh(permissionHandler as ResourceHandler, states);
    expect(reads.map((r) => r?.slug ?? null)).toEqual(['listed:gone0', 'listed:gone1', 'listed:gone2', null, 'listed:gone4', 'listed:gone5']);
    expect(requests).toBe(3); // the first GET, one page, and the GET that confirms the 404
  });
});
