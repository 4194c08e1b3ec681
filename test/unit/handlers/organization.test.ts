/** workos_organization handler against the local control plane: one organization, identified by its id (`org_…`). */
import { organizationHandler } from '../../../providers/handlers/organization';
import { organizationRoleHandler } from '../../../providers/handlers/organization-role';
import type { ResourceHandler } from '../../../providers/handler';
import { UNKNOWN } from '../../../src/schemas/builder';
import { brief, planned, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = organizationHandler;
const roleHandler: ResourceHandler = organizationRoleHandler;
/** A workos_organization_role planned for an organization this plan creates (its id unknown yet). */
const roleInNewOrganization = (): Values => planned(roleHandler, { organization_id: UNKNOWN, slug: 'org-lead', name: 'Lead', force_delete: false });
const organization = (given: Values): Values => planned(handler, given);

describe('workos_organization handler', () => {
  const target = useHandlerTarget();

  describe('GIVEN a new organization "Acme" with an external id', () => {
    let state: Values;

    beforeAll(async () => {
      state = await handler.create(target.context(), organization({ name: 'Acme', external_id: 'acme' }));
    });

    test('WHEN created THEN the state holds the server id', () => {
      expect(state).toEqual({ id: expect.stringMatching(/^org_/), name: 'Acme', external_id: 'acme' });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN renamed and its external id removed in place THEN the id stays', async () => {
      const next = organization({ ...state, name: 'Acme Corp', external_id: null });
      state = await handler.update(target.context(), state, next);
      expect(state).toEqual(next);
      expect(await target.client.organizations.get(state.id as string)).toMatchObject({ name: 'Acme Corp', externalId: null });
    });

    test('WHEN renamed out of band THEN read reports it', async () => {
      await target.client.organizations.update(state.id as string, { name: 'Renamed elsewhere' });
      expect(await handler.read(target.context(), state)).toEqual({ ...state, name: 'Renamed elsewhere' });
    });

    test('WHEN imported by id THEN the state is what the server has; an unknown id gives null', async () => {
      expect(await handler.importState(target.context(), state.id as string)).toEqual({ id: state.id, name: 'Renamed elsewhere', external_id: null });
      expect(await handler.importState(target.context(), 'org_nothing')).toBeNull();
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), state);
      expect(await handler.read(target.context(), state)).toBeNull();
      await expect(handler.delete(target.context(), state)).resolves.toBeUndefined();
    });
  });

  test('GIVEN a state without id WHEN read THEN null (terraform plans to create it)', async () => {
    expect(await handler.read(target.context(), organization({ name: 'Never created' }))).toBeNull();
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN a new organization is planned THEN the first custom role planned for an unknown organization is said to be its', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, organization({ id: UNKNOWN, name: 'Initech' }), null);
      const roleCtx = target.context({ plan: ctx.plan });
      await roleHandler.modifyPlan!(roleCtx, roleInNewOrganization(), null);
      expect(ctx.diagnostics).toEqual([]);
      expect(brief(roleCtx.diagnostics)).toEqual([
        { severity: 'warning', summary: 'This is the first custom role of the new organization "Initech": it gets its own default role and priority order', path: ['organization_id'] },
      ]);
    });

    test('WHEN an existing organization is renamed THEN it is not noted as new', async () => {
      const ctx = target.planContext();
      const prior = organization({ id: 'org_1', name: 'Old' });
      await handler.modifyPlan!(ctx, { ...prior, name: 'New' }, prior);
      const roleCtx = target.context({ plan: ctx.plan });
      await roleHandler.modifyPlan!(roleCtx, roleInNewOrganization(), null);
      expect(roleCtx.diagnostics[0].summary).toBe('This is the first custom role of a new organization: it gets its own default role and priority order');
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN a new organization has an external_id the target has THEN an error at external_id naming the organization id to import', async () => {
      const taken = await target.client.organizations.create({ name: 'Initech', externalId: 'plan-taken' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, organization({ name: 'Initech Corp', external_id: 'plan-taken' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        {
          severity: 'error',
          summary: `organization with external_id "plan-taken" already exists on the target: import it with \`terraform import workos_organization.<name> ${taken.id}\``,
          path: ['external_id'],
        },
      ]);
    });

    test('WHEN a new organization has no external_id THEN nothing is checked (names need not be unique)', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, organization({ name: 'Initech' }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });
});
