/**
 * data "workos_effective_roles" against the local control plane: the "test mapped attributes"
 * preview, which roles a user with these groups and attributes gets, and why (README,
 * workos_effective_roles; docs/semantics.md, role resolution).
 */
import { effectiveRolesDataSource } from '../../../providers/handlers/effective-roles';
import { diagnosticOf, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';

const dataSource = effectiveRolesDataSource;
const config = (given: Values): Values => planned(dataSource, given);
const DEVELOPER_BY_DIRECTORY = 'developer: directory group "Engineering" → developer (highest priority among exclusive matches (directory mappings take precedence))';
const DEFAULT_ROLE = 'member: no mapping matched (default role)';

describe('data workos_effective_roles', () => {
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);
  let org: string;

  beforeAll(async () => {
    const c = target.client;
    org = (await c.organizations.create({ name: 'Acme' })).id;
    await c.roles.create({ slug: 'developer', name: 'Developer' });
    await c.organizationRoles.create(org, { slug: 'org-admin', name: 'Admin' });
    await c.rolePolicy.update(org, { priority: ['org-admin', 'developer'] });
    const mapping = { organizationId: org, sourceId: null, mode: null };
    await c.roleMappings.create({ ...mapping, kind: 'directory', group: 'Engineering', value: null, roles: ['developer'] });
    await c.roleMappings.create({ ...mapping, kind: 'attribute', group: 'title', value: 'cto', roles: ['org-admin'] });
  });

  describe('GIVEN an organization mapping "Engineering" to developer and title=cto to org-admin', () => {
    test('WHEN a member of Engineering is previewed THEN developer, with the mapping as reason, config echoed', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_id: org, directory_groups: ['Engineering'] }));
      expect(answer).toEqual({ organization_id: org, directory_user_id: null, directory_groups: ['Engineering'], sso_groups: null, attributes: null, roles: ['developer'], reasons: [DEVELOPER_BY_DIRECTORY] });
    });

    test('WHEN a directory and an attribute mapping both match THEN the directory mapping takes precedence', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_id: org, directory_groups: ['Engineering'], attributes: { title: 'cto' } }));
      expect(answer).toEqual({ organization_id: org, directory_user_id: null, directory_groups: ['Engineering'], sso_groups: null, attributes: { title: 'cto' }, roles: ['developer'], reasons: [DEVELOPER_BY_DIRECTORY] });
    });

    test('WHEN only the attribute matches THEN its role', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_id: org, attributes: { title: 'cto' } }));
      expect(answer).toMatchObject({ roles: ['org-admin'], reasons: ['org-admin: attribute title = "cto" → org-admin (highest priority among exclusive matches (no group mapping matched))'] });
    });

    test('WHEN nothing matches THEN the default role', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_id: org, sso_groups: ['Sales'] }));
      expect(answer).toMatchObject({ roles: ['member'], reasons: [DEFAULT_ROLE] });
    });
  });

  test('GIVEN no organization WHEN previewed THEN the environment policy alone answers', async () => {
    expect(await dataSource.read(target.context(), config({ directory_groups: ['Engineering'] }))).toMatchObject({ organization_id: null, roles: ['member'], reasons: [DEFAULT_ROLE] });
  });

  test('GIVEN a target without the dashboard routes WHEN read THEN an error says the API cannot preview role resolution', async () => {
    const diagnostic = await diagnosticOf(dataSource.read(realLike.context(), config({ organization_id: org, directory_groups: ['Engineering'] })));
    expect(diagnostic.summary).toBe('The WorkOS API cannot preview role resolution');
    expect(diagnostic.detail).toContain('Use "Test mapped attributes" in the WorkOS dashboard');
  });
});
