/**
 * Adoption (providers/adopt.ts) against the local control plane: a create whose answer was lost
 * left the object on the target, so the next create is refused as "already exists". Each
 * handler with a natural key finds that object; it is adopted when every configured attribute
 * matches, and otherwise the create fails naming the differing attributes and the import id.
 */
import { createOrAdopt } from '../../../providers/adopt';
import type { ResourceHandler } from '../../../providers/handler';
import { organizationHandler } from '../../../providers/handlers/organization';
import { organizationMembershipHandler } from '../../../providers/handlers/organization-membership';
import { organizationRoleHandler } from '../../../providers/handlers/organization-role';
import { permissionHandler } from '../../../providers/handlers/permission';
import { resourceHandler } from '../../../providers/handlers/resource';
import { resourceAssignmentHandler } from '../../../providers/handlers/resource-assignment';
import { resourceTypeHandler } from '../../../providers/handlers/resource-type';
import { roleHandler } from '../../../providers/handlers/role';
import { userHandler } from '../../../providers/handlers/user';
import { brief, diagnosticOf, planned, useHandlerTarget, type Values } from './harness';

/** What a test knows once the target has the objects every case refers to. */
interface Fixture {
  org: string;
  membership: string;
  otherUser: string;
}

interface Case {
  readonly handler: ResourceHandler;
  /** The planned values (before `planned()` fills the rest with null). */
  given(f: Fixture): Values;
  /** The import id of the adopted object. */
  importId(state: Values, f: Fixture): string;
  /** A configured attribute changed so that the existing object no longer matches; absent when every attribute is identity. */
  readonly differ?: { readonly attribute: string; readonly value: unknown };
}

const cases: Case[] = [
  { handler: permissionHandler, given: () => ({ slug: 'lost:create', name: 'Lost' }), importId: () => 'lost:create', differ: { attribute: 'name', value: 'Found' } },
  {
    handler: roleHandler,
    given: () => ({ slug: 'lost-role', name: 'Lost', permissions: ['fixture:read'], destroy_behavior: 'delete' }),
    importId: () => 'lost-role',
    differ: { attribute: 'description', value: 'Another role' },
  },
  {
    handler: organizationRoleHandler,
    given: (f) => ({ organization_id: f.org, slug: 'org-lost', name: 'Lost', permissions: ['fixture:read'], force_delete: false }),
    importId: (_s, f) => `${f.org}/org-lost`,
    differ: { attribute: 'name', value: 'Found' },
  },
  { handler: organizationHandler, given: () => ({ name: 'Lost Inc', external_id: 'lost-inc' }), importId: (s) => String(s.id), differ: { attribute: 'name', value: 'Found Inc' } },
  { handler: userHandler, given: () => ({ email: 'lost@example.com', first_name: 'Lo' }), importId: (s) => String(s.id), differ: { attribute: 'last_name', value: 'St' } },
  {
    handler: organizationMembershipHandler,
    given: (f) => ({ organization_id: f.org, user_id: f.otherUser, roles: ['member'] }),
    importId: (s) => String(s.id),
    differ: { attribute: 'roles', value: ['fixture-role'] },
  },
  { handler: resourceTypeHandler, given: () => ({ slug: 'lost-type', name: 'Lost type' }), importId: () => 'lost-type', differ: { attribute: 'name', value: 'Found type' } },
  {
    handler: resourceHandler,
    given: (f) => ({ organization_id: f.org, resource_type_slug: 'fixture-type', external_id: 'lost-1', name: 'Lost one', cascade_delete: false }),
    importId: (s) => String(s.id),
    differ: { attribute: 'description', value: 'Found elsewhere' },
  },
  {
    handler: resourceAssignmentHandler,
    given: (f) => ({ organization_membership_id: f.membership, role_slug: 'fixture-role', resource_type_slug: 'fixture-type', resource_external_id: 'workspace' }),
    importId: (s) => `${String(s.organization_membership_id)}/${String(s.id)}`,
  },
];

describe('adoption of an object a lost create left on the target', () => {
  const target = useHandlerTarget();
  const f: Fixture = { org: '', membership: '', otherUser: '' };

  beforeAll(async () => {
    const c = target.client;
    await c.permissions.create({ slug: 'fixture:read', name: 'Read' });
    await c.roles.create({ slug: 'fixture-role', name: 'Fixture' });
    f.org = (await c.organizations.create({ name: 'Fixture Org' })).id;
    const user = await c.users.create({ email: 'member@example.com' });
    f.otherUser = (await c.users.create({ email: 'other@example.com' })).id;
    f.membership = (await c.memberships.create({ organizationId: f.org, userId: user.id })).id;
    await c.resourceTypes.create({ slug: 'fixture-type', name: 'Fixture type', parentTypes: [] });
    await c.resources.create({ organizationId: f.org, resourceTypeSlug: 'fixture-type', externalId: 'workspace', name: 'Workspace' });
  });

  describe.each(cases.map((c) => [c.handler.schema.typeName, c] as const))('%s', (type, c) => {
    let stored: Values;
    let values: Values;

    beforeAll(async () => {
      values = planned(c.handler, c.given(f));
      // The lost create: the target stores the object, its answer never reaches state.
      stored = await c.handler.create(target.context(), values);
    });

    test('GIVEN the object exists and matches WHEN created again THEN it is adopted with a warning, nothing else is created', async () => {
      const ctx = target.context();
      const adopted = await createOrAdopt(c.handler, ctx, values);
      expect(adopted).toEqual(stored);
      expect(await c.handler.read(target.context(), adopted)).toEqual(stored);
      const importId = c.importId(stored, f);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'warning', summary: `Adopted the existing ${type} "${importId}"` }]);
      expect(ctx.logged).toContainEqual({ level: 'info', msg: 'create refused because the object exists; adopted it', fields: expect.objectContaining({ type, import_id: importId }) });
    });

    if (c.differ) {
      const { attribute, value } = c.differ;
      test(`GIVEN the object exists with another ${attribute} WHEN created THEN the error names ${attribute} and the import id, and the object is unchanged`, async () => {
        const other = { ...values, [attribute]: value };
        const diagnostic = await diagnosticOf(createOrAdopt(c.handler, target.context(), other));
        const importId = c.importId(stored, f);
        expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: `${type} "${importId}" already exists on the target and differs in ${attribute}`, path: [attribute] }]);
        expect(diagnostic.detail).toContain(`  terraform import <address of this resource> '${importId}'`);
        expect(diagnostic.detail).toContain(`  ${attribute}: ${JSON.stringify(stored[attribute])} on the target, ${JSON.stringify(other[attribute])} in the configuration`);
        expect(await c.handler.read(target.context(), stored)).toEqual(stored);
      });
    }
  });

  test('GIVEN a role whose create was stored but not its permissions WHEN created again THEN it is adopted and its permissions are set', async () => {
    await target.client.roles.create({ slug: 'half-made', name: 'Half made' });
    const values = planned(roleHandler, { slug: 'half-made', name: 'Half made', permissions: ['fixture:read'], destroy_behavior: 'delete' });
    const adopted = await createOrAdopt(roleHandler, target.context(), values);
    expect(adopted).toMatchObject({ slug: 'half-made', permissions: ['fixture:read'] });
    expect((await target.client.roles.get('half-made')).permissions).toEqual(['fixture:read']);
  });

  test('GIVEN an organization without external_id WHEN its create is repeated THEN a second organization is created (no natural key; README "When an answer is lost")', async () => {
    const values = planned(organizationHandler, { name: 'Nameless' });
    const first = await createOrAdopt(organizationHandler, target.context(), values);
    const second = await createOrAdopt(organizationHandler, target.context(), values);
    expect(second.id).not.toBe(first.id);
  });
});
