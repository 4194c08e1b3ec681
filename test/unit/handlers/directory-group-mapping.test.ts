/** workos_directory_group_mapping handler: members of a directory group get these roles (RoleMapping kind `directory`). */
import type { ResourceHandler } from '../../../providers/handler';
import type { WorkosApi } from '../../../src/client';
import { directoryGroupMappingHandler } from '../../../providers/handlers/directory-group-mapping';
import { UNKNOWN } from '../../../src/schemas/builder';
import { collect } from '../../helpers/fixtures';
import { brief, diagnosticOf, failingOn, planned, useHandlerTarget, type Values } from './harness';
import { describeRoleMappingHandler } from './role-mapping';

const handler: ResourceHandler = directoryGroupMappingHandler;

describe('workos_directory_group_mapping handler', () => {
  describeRoleMappingHandler({
    handler,
    kind: 'directory',
    label: 'directory group mappings',
    sources: async (client, organizationId) => {
      const okta = await client.directories.create({ organizationId, name: 'Okta' });
      return { source: { directory_id: okta.id, group: 'Engineering' }, wire: { sourceId: okta.id, group: 'Engineering', value: null } };
    },
  });
});

describe('workos_directory_group_mapping directory_id: a directory of the mapping organization (docs/semantics.md, "Scoped mappings")', () => {
  const target = useHandlerTarget();
  let acme: string;
  let globex: string;
  let acmeOkta: string;
  let globexEntra: string;
  const mapping = (given: Values): Values => planned(handler, { organization_id: acme, group: 'Engineering', roles: ['viewer'], mode: null, ...given });
  const plan = async (next: Values, prior: Values | null = null) => {
    const ctx = target.planContext();
    await handler.modifyPlan!(ctx, next, prior);
    return ctx.diagnostics;
  };

  beforeAll(async () => {
    acme = (await target.client.organizations.create({ name: 'Acme' })).id;
    globex = (await target.client.organizations.create({ name: 'Globex' })).id;
    await target.client.roles.create({ slug: 'viewer', name: 'Viewer' });
    acmeOkta = (await target.client.directories.create({ organizationId: acme, name: 'Acme Okta' })).id;
    globexEntra = (await target.client.directories.create({ organizationId: globex, name: 'Globex Entra' })).id;
  });

  test('GIVEN an id that names no directory WHEN planned THEN an error at directory_id', async () => {
    const diagnostics = await plan(mapping({ directory_id: 'directory_01TYPO' }));
    expect(brief(diagnostics)).toEqual([{ severity: 'error', summary: 'directory "directory_01TYPO" does not exist', path: ['directory_id'] }]);
    expect(diagnostics[0].detail).toContain('(workos_directory.<name>.id)');
    expect(await collect(target.client.roleMappings.list(acme))).toEqual([]);
  });

  test("GIVEN another organization's directory WHEN planned THEN an error at directory_id naming its organization", async () => {
    const diagnostics = await plan(mapping({ directory_id: globexEntra }));
    expect(brief(diagnostics)).toEqual([{ severity: 'error', summary: `directory "${globexEntra}" is a directory of another organization (${globex})`, path: ['directory_id'] }]);
    expect(diagnostics[0].detail).toContain(`but this mapping belongs to organization ${acme}, so it would never match a group`);
  });

  test('GIVEN a directory of the organization, no directory, or one this plan creates WHEN planned THEN no diagnostic', async () => {
    expect(await plan(mapping({ directory_id: acmeOkta }))).toEqual([]);
    expect(await plan(mapping({ directory_id: null }))).toEqual([]);
    expect(await plan(mapping({ directory_id: UNKNOWN }))).toEqual([]);
    // A new organization: its directory cannot be judged against it (nor exist yet).
    expect(await plan(mapping({ organization_id: UNKNOWN, directory_id: globexEntra }))).toEqual([]);
  });

  test('GIVEN an unchanged directory_id WHEN roles change THEN it is not read again; a changed organization_id is judged', async () => {
    const prior = mapping({ id: 'role_mapping_1', directory_id: globexEntra, organization_id: acme });
    expect(await plan({ ...prior, roles: ['viewer', 'member'] }, prior)).toEqual([]);
    const moved = await plan({ ...mapping({ directory_id: acmeOkta, organization_id: globex }), id: UNKNOWN }, mapping({ id: 'role_mapping_1', directory_id: acmeOkta }));
    expect(brief(moved)).toEqual([{ severity: 'error', summary: `directory "${acmeOkta}" is a directory of another organization (${acme})`, path: ['directory_id'] }]);
  });

  test('GIVEN one plan walk WHEN two mappings name the same directory THEN it is read once; a target that cannot answer skips the check', async () => {
    let reads = 0;
    const directories = Object.assign(Object.create(target.client.directories) as object, {
      get: (id: string) => {
        reads += 1;
        return target.client.directories.get(id);
      },
    });
    const ctx = target.planContext({ client: Object.assign(Object.create(target.client) as WorkosApi, { directories }) });
    for (const group of ['Engineering', 'Design']) await handler.modifyPlan!(ctx, mapping({ directory_id: globexEntra, group }), null);
    expect(ctx.diagnostics.map((d) => d.path)).toEqual([['directory_id'], ['directory_id']]);
    expect(reads).toBe(1);

    const failing = target.planContext({ client: failingOn(target.client, 'directories', 'get') });
    await handler.modifyPlan!(failing, mapping({ directory_id: globexEntra }), null);
    expect(failing.diagnostics).toEqual([]);
    expect(failing.logged).toContainEqual({ level: 'debug', msg: `graph check skipped: directory ${globexEntra} unavailable`, fields: { error: 'injected failure of directories.get' } });
  });

  test('GIVEN the directory deleted between plan and apply WHEN created THEN the refusal is an error at directory_id', async () => {
    const doomed = (await target.client.directories.create({ organizationId: acme, name: 'Doomed' })).id;
    expect(await plan(mapping({ directory_id: doomed }))).toEqual([]);
    await target.client.directories.delete(doomed);
    const diagnostic = await diagnosticOf(handler.create(target.context(), mapping({ directory_id: doomed })));
    expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: `The target rejected directory_id "${doomed}"`, path: ['directory_id'] }]);
    expect(diagnostic.detail).toContain(`422 Validation failed: source_id must name a directory of organization '${acme}': no directory '${doomed}' exists.`);
  });
});
