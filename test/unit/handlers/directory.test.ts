/**
 * workos_directory handler against the local control plane: a SCIM directory of one
 * organization with its SCIM endpoint and sensitive bearer token; create and rename are
 * dashboard-only in WorkOS, read and delete are its public API (README, workos_directory).
 */
import { directoryHandler } from '../../../providers/handlers/directory';
import type { ResourceHandler } from '../../../providers/handler';
import { Listings } from '../../../providers/listings';
import type { WorkosClient } from '../../../src/client';
import { brief, diagnosticOf, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = directoryHandler;
const directory = (given: Values): Values => planned(handler, given);
const UNSUPPORTED = 'The WorkOS API cannot create or rename directories';

describe('workos_directory handler', () => {
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);
  let org: string;

  beforeAll(async () => {
    org = (await target.client.organizations.create({ name: 'Acme' })).id;
  });

  describe('GIVEN a directory created through the handler', () => {
    let created: Values;

    beforeAll(async () => {
      created = await handler.create(target.context(), directory({ organization_id: org, name: 'Acme Okta', type: 'okta scim v2.0' }));
    });

    test('WHEN created THEN state has the id, the SCIM endpoint under the base URL, and the token the target holds', async () => {
      const setup = await target.client.directories.getSetup(created.id as string);
      expect(created).toEqual({
        id: setup.id,
        organization_id: org,
        name: 'Acme Okta',
        type: 'okta scim v2.0',
        scim_endpoint: `${target.url}/directories/${setup.id}/scim/v2`,
        bearer_token: setup.bearerToken,
      });
      expect(setup.bearerToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    });

    test('WHEN the type is generic or left unset THEN the target makes a generic SCIM directory', async () => {
      const generic = await handler.create(target.context(), directory({ organization_id: org, name: 'Generic', type: 'generic scim v2.0' }));
      expect((await target.client.directories.get(generic.id as string)).type).toBe('generic scim v2.0');
      const unset = await target.client.directories.create({ organizationId: org, name: 'Unset' });
      expect(unset.type).toBe('generic scim v2.0');
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), created)).toEqual(created);
    });

    test('WHEN read with state that has no token THEN the dashboard view fills in endpoint and token', async () => {
      expect(await handler.read(target.context(), { ...created, scim_endpoint: null, bearer_token: null })).toEqual(created);
    });

    test('WHEN state has an endpoint under another base URL (the target moved) THEN read gives the current one', async () => {
      const moved = { ...created, scim_endpoint: `http://127.0.0.1:1/directories/${created.id}/scim/v2` };
      expect(await handler.read(target.context(), moved)).toEqual(created);
    });

    test('WHEN renamed in place THEN the name changes, id and token stay', async () => {
      const renamed = await handler.update(target.context(), created, directory({ ...created, name: 'Acme Okta (prod)' }));
      expect(renamed).toEqual({ ...created, name: 'Acme Okta (prod)' });
      expect((await target.client.directories.get(created.id as string)).name).toBe('Acme Okta (prod)');
      created = renamed;
    });

    test('WHEN renamed out of band THEN read reports the new name', async () => {
      await target.client.directories.update(created.id as string, { name: 'Renamed in the dashboard' });
      expect(await handler.read(target.context(), created)).toEqual({ ...created, name: 'Renamed in the dashboard' });
    });

    test('WHEN imported by id THEN the state is complete, token included; an unknown id is null', async () => {
      expect(await handler.importState(target.context(), created.id as string)).toEqual({ ...created, name: 'Renamed in the dashboard' });
      expect(await handler.importState(target.context(), 'directory_01NOSUCH')).toBeNull();
    });

    test('WHEN refreshed through the listing THEN the token comes from state: no dashboard GET', async () => {
      const states = [created, await handler.create(target.context(), directory({ organization_id: org, name: 'Second', type: 'azure scim v2.0' }))];
      const listings = new Listings();
      const before = target.client.stats.requests;
      const reads = await Promise.all(states.map((s) => handler.read({ ...target.context(), listings }, s)));
      expect(reads).toEqual([{ ...created, name: 'Renamed in the dashboard' }, states[1]]);
      expect(target.client.stats.requests - before).toBe(2); // one GET and one page of the organization's directories
    });

    test('WHEN deleted THEN it is gone; deleting again succeeds; read reports null', async () => {
      const doomed = await handler.create(target.context(), directory({ organization_id: org, name: 'Doomed', type: 'generic scim v2.0' }));
      await handler.delete(target.context(), doomed);
      await expect(target.client.directories.get(doomed.id as string)).rejects.toMatchObject({ status: 404 });
      await handler.delete(target.context(), doomed);
      expect(await handler.read(target.context(), doomed)).toBeNull();
    });
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN the organization does not exist THEN an error at organization_id, nothing created', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, directory({ organization_id: 'org_01NOSUCH', name: 'Lost', type: 'generic scim v2.0' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'organization "org_01NOSUCH" does not exist', path: ['organization_id'] }]);
    });

    test('WHEN the organization exists THEN no diagnostic', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, directory({ organization_id: org, name: 'Fine', type: 'generic scim v2.0' }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  describe('GIVEN a target without the dashboard routes (real WorkOS)', () => {
    let existing: Values;

    beforeAll(async () => {
      existing = await handler.create(target.context(), directory({ organization_id: org, name: 'Existing', type: 'generic scim v2.0' }));
    });

    test('WHEN planned THEN one plain error saying where to set directories up; a destroy plan is fine', async () => {
      const ctx = realLike.planContext();
      await handler.modifyPlan!(ctx, directory({ organization_id: org, name: 'New', type: 'generic scim v2.0' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: UNSUPPORTED }]);
      expect(ctx.diagnostics[0].detail).toContain('Directory Sync → Add directory');
      const destroy = realLike.planContext();
      await handler.modifyPlan!(destroy, null, existing);
      expect(destroy.diagnostics).toEqual([]);
    });

    test('WHEN created or renamed anyway THEN the same diagnostic, before any request', async () => {
      const before = (await target.client.directories.get(existing.id as string)).name;
      const stats = (realLike.client as WorkosClient).stats; // the harness makes a WorkosClient
      const requests = stats.requests;
      const ctx = realLike.context();
      expect((await diagnosticOf(handler.create(ctx, directory({ organization_id: org, name: 'X', type: 'generic scim v2.0' })))).summary).toBe(UNSUPPORTED);
      expect((await diagnosticOf(handler.update(ctx, existing, { ...existing, name: 'Y' })))).toMatchObject({ summary: UNSUPPORTED });
      expect(stats.requests).toBe(requests);
      expect((await target.client.directories.get(existing.id as string)).name).toBe(before);
    });

    test('WHEN read or imported THEN WorkOS`s directory, endpoint and token kept from state or null', async () => {
      expect(await handler.read(realLike.context(), existing)).toEqual(existing);
      expect(await handler.importState(realLike.context(), existing.id as string)).toEqual({ ...existing, scim_endpoint: null, bearer_token: null });
    });

    test('WHEN deleted THEN WorkOS`s API deletes it', async () => {
      await handler.delete(realLike.context(), existing);
      await expect(target.client.directories.get(existing.id as string)).rejects.toMatchObject({ status: 404 });
    });
  });
});
