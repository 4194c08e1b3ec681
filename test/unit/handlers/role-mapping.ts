/**
 * The scenario the three role mapping handlers share (providers/handlers/role-mapping.ts):
 * one WorkOS RoleMapping that differs by kind and by the attributes naming its source, group and
 * value. Each `<stem>.test.ts` runs it with its own kind (README, role mappings; docs/semantics.md).
 */
import type { ResourceHandler } from '../../../providers/handler';
import type { MappingKind, WorkosApi } from '../../../src/client';
import { brief, diagnosticOf, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';

export interface MappingSource {
  /** The kind's own attributes in state, e.g. `{ directory_id: 'directory_…', group: 'Engineering' }`. */
  readonly source: Values;
  /** The same, as the WorkOS object has them. */
  readonly wire: { readonly sourceId: string | null; readonly group: string; readonly value: string | null };
}

export interface MappingCase {
  readonly handler: ResourceHandler;
  readonly kind: MappingKind;
  /** What the mappings are called in messages, e.g. "directory group mappings". */
  readonly label: string;
  /** The kind's source for a mapping of `organizationId`, set up on the target first (a directory mapping names a directory of it). */
  sources(client: WorkosApi, organizationId: string): Promise<MappingSource>;
}

/** Registers the shared handler scenario in the enclosing `describe`. */
export function describeRoleMappingHandler(c: MappingCase): void {
  const typeName = c.handler.schema.typeName;
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);
  let org: string;
  let src: MappingSource;
  const mapping = (given: Values): Values => planned(c.handler, { organization_id: org, mode: null, ...src.source, ...given });

  beforeAll(async () => {
    org = (await target.client.organizations.create({ name: 'Acme' })).id;
    for (const slug of ['editor', 'viewer']) await target.client.roles.create({ slug, name: slug });
    src = await c.sources(target.client, org);
  });

  describe(`GIVEN a ${c.kind} mapping giving "viewer" and "editor"`, () => {
    let state: Values;

    beforeAll(async () => {
      state = await c.handler.create(target.context(), mapping({ roles: ['viewer', 'editor'] }));
    });

    test('WHEN created THEN the state holds the id, the roles sorted and the source as configured', async () => {
      expect(state).toEqual({ id: expect.any(String), organization_id: org, roles: ['editor', 'viewer'], mode: null, ...src.source });
      expect(await target.client.roleMappings.get(state.id as string)).toMatchObject({ kind: c.kind, organizationId: org, ...src.wire });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await c.handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN roles and mode are updated in place THEN the id stays', async () => {
      const next = mapping({ ...state, roles: ['viewer'], mode: 'additive' });
      state = await c.handler.update(target.context(), state, next);
      expect(state).toEqual(next);
    });

    test('WHEN its roles are changed out of band THEN read reports them', async () => {
      await target.client.roleMappings.update(state.id as string, { roles: ['member', 'editor'] });
      expect(await c.handler.read(target.context(), state)).toEqual({ ...state, roles: ['editor', 'member'] });
    });

    test('WHEN imported by id THEN the state is what the server has; an unknown id gives null', async () => {
      expect(await c.handler.importState(target.context(), state.id as string)).toEqual({ ...state, roles: ['editor', 'member'] });
      expect(await c.handler.importState(target.context(), 'rm_nothing')).toBeNull();
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await c.handler.delete(target.context(), state);
      expect(await c.handler.read(target.context(), state)).toBeNull();
      await expect(c.handler.delete(target.context(), state)).resolves.toBeUndefined();
    });
  });

  test('GIVEN a mapping of another kind WHEN imported THEN an error names the resource type to import it as', async () => {
    const other: MappingKind = c.kind === 'attribute' ? 'directory' : 'attribute';
    const id = (await target.client.roleMappings.create({ kind: other, organizationId: org, sourceId: null, group: 'g', value: other === 'attribute' ? 'v' : null, roles: ['viewer'], mode: null })).id;
    expect(await diagnosticOf(c.handler.importState(target.context(), id))).toEqual({
      severity: 'error',
      summary: `Mapping "${id}" is not one of the ${c.label}`,
      detail: `It is a ${other} mapping: import it as workos_${other === 'attribute' ? 'attribute_mapping' : 'directory_group_mapping'}.`,
    });
  });

  test("GIVEN another organization's role WHEN created THEN the server's refusal becomes an error at roles", async () => {
    const globex = await target.client.organizations.create({ name: 'Globex' });
    await target.client.organizationRoles.create(globex.id, { slug: 'org-auditor', name: 'Auditor' });
    const diagnostic = await diagnosticOf(c.handler.create(target.context(), mapping({ roles: ['viewer', 'org-auditor'] })));
    expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: `The mapping's roles include "org-auditor", which organization ${org} cannot use`, path: ['roles'] }]);
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN a role exists nowhere THEN an error at that element of roles', async () => {
      const ctx = target.planContext();
      await c.handler.modifyPlan!(ctx, mapping({ roles: ['viewer', 'ghost'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'role "ghost" does not exist', path: ['roles', 1] }]);
    });

    test('WHEN organization_id names no organization THEN an error at organization_id (providers/target-checks.ts)', async () => {
      const ctx = target.planContext();
      await c.handler.modifyPlan!(ctx, mapping({ organization_id: 'org_nowhere', roles: ['viewer'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'organization "org_nowhere" does not exist', path: ['organization_id'] }]);
    });

    test('WHEN the target has no dashboard routes THEN create, update and destroy plans fail saying so', async () => {
      const prior = mapping({ id: 'rm_1', roles: ['viewer'] });
      for (const [planned, before] of [[mapping({ roles: ['viewer'] }), null], [{ ...prior, roles: ['editor'] }, prior], [null, prior]] as const) {
        const ctx = realLike.planContext();
        await c.handler.modifyPlan!(ctx, planned, before);
        expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'The WorkOS API cannot manage role mappings' }]);
        expect(ctx.diagnostics[0].detail).toContain(`${typeName}: WorkOS's public API cannot create, change or delete`);
      }
    });

    test('WHEN read on such a target THEN it throws instead of reporting the mapping gone', async () => {
      const diagnostic = await diagnosticOf(c.handler.read(realLike.context(), mapping({ id: 'rm_1', roles: ['viewer'] })));
      expect(diagnostic.summary).toBe('The WorkOS API cannot manage role mappings');
    });
  });
}
