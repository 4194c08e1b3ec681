/**
 * The code generator of `workos-rbac export`: names from slugs, string escaping, name
 * collisions, what is skipped and why, import ids, and the idioms the cdktf output uses.
 * (The round trip through terraform and cdktf is test/e2e/export-roundtrip.test.ts.)
 */
import { buildModel, parseExportArgs, renderCdktf, renderHcl, type EnvironmentSnapshot, type OrganizationSnapshot } from '../../src/export';
import { camel, hclString, kebab, Namer, snake, tsString } from '../../src/export/names';
import type { Capabilities, Role } from '../../src/client/types';

const ALL: Capabilities = { deleteEnvironmentRole: true, rolePolicy: true, roleMappings: true, resourceTypes: true, directories: true };
const NONE: Capabilities = { deleteEnvironmentRole: false, rolePolicy: false, roleMappings: false, resourceTypes: false, directories: false };
const AT = '2026-01-01T00:00:00Z';

const role = (slug: string, extra: Partial<Role> = {}): Role => ({ id: `role_${slug}`, slug, name: slug, description: null, type: 'EnvironmentRole', permissions: [], createdAt: AT, updatedAt: AT, ...extra });
const member = role('member', { name: 'Member' });

function snapshot(extra: Partial<EnvironmentSnapshot> = {}): EnvironmentSnapshot {
  return {
    capabilities: ALL,
    permissions: [],
    roles: [member],
    environmentPolicy: { organizationId: null, priority: ['member'], defaultRole: 'member', multipleRoles: false },
    resourceTypes: [],
    users: [],
    organizations: [],
    skipped: [],
    ...extra,
  };
}

function organization(id: string, name: string, extra: Partial<OrganizationSnapshot> = {}): OrganizationSnapshot {
  return { organization: { id, name, externalId: null, createdAt: AT, updatedAt: AT }, roles: [], policy: null, defaultRole: 'member', mappings: [], memberships: [], resources: [], assignments: [], ...extra };
}

/** Evaluates a generated TypeScript string literal. */
const evalTs = (literal: string): unknown => new Function(`return ${literal};`)();

describe('names from slugs, names and emails', () => {
  test.each([
    ['users:view', 'users-view', 'usersView', 'users_view'],
    ['org-billing_admin', 'org-billing-admin', 'orgBillingAdmin', 'org_billing_admin'],
    ['Acme Cloud, Inc.', 'acme-cloud-inc', 'acmeCloudInc', 'acme_cloud_inc'],
    ['projects:*', 'projects', 'projects', 'projects'],
    ['camelCase', 'camel-case', 'camelCase', 'camel_case'],
  ])('%s → %s / %s / %s', (text, k, c, s) => {
    expect([kebab(text), camel(text), snake(text)]).toEqual([k, c, s]);
  });

  test('a name that would be a keyword, start with a digit or be empty is qualified by the fallback', () => {
    expect(camel('delete', 'role')).toBe('deleteRole');
    expect(camel('app', 'role')).toBe('appRole'); // the generated file's own `app`
    expect(camel('2fa:enroll', 'permission')).toBe('permission2faEnroll');
    expect(snake('2fa', 'permission')).toBe('permission_2fa');
    expect([kebab('***', 'permission'), camel('***', 'permission'), snake('***', 'permission')]).toEqual(['permission', 'permission', 'permission']);
  });

  test('collisions: the first choice, then the qualified one, then numbered', () => {
    const namer = new Namer();
    expect([namer.unique('admin', 'adminRole'), namer.unique('admin', 'adminRole'), namer.unique('admin', 'adminRole')]).toEqual(['admin', 'adminRole', 'adminRole2']);
  });
});

describe('string literals', () => {
  const nasty = "it's a \"quote\", a back\\slash, a\nnew line, a\ttab, \u2028, ${interpolation} and %{directive}";

  test('TypeScript: any text round-trips through the literal', () => {
    expect(evalTs(tsString(nasty))).toBe(nasty);
    expect(tsString("O'Hara")).toBe("'O\\'Hara'");
  });

  test('HCL: quotes and control characters escaped, template sequences kept literal', () => {
    expect(hclString('say "hi"\\\n')).toBe('"say \\"hi\\"\\\\\\n"');
    expect(hclString('${var.x} %{if}')).toBe('"$${var.x} %%{if}"');
  });

  test('cdktf: template sequences get Terraform escapes inside the TypeScript literal, and a comment says so', () => {
    const code = renderCdktf(buildModel(snapshot({ permissions: [{ id: 'perm_1', slug: 'a:b', name: '${x} %{y}', description: null, system: false, createdAt: AT, updatedAt: AT }] })), { stackName: 'rbac', header: [] });
    expect(code).toContain(`name: '$\${x} %%{y}'`);
    expect(code).toMatch(/Terraform's escapes for a literal/);
  });
});

describe('the adoption model', () => {
  test('the untouched default role is referred to by slug, not managed; a changed one is managed with a note', () => {
    const untouched = buildModel(snapshot());
    expect(untouched.items.filter((i) => i.type === 'workos_role')).toEqual([]);
    expect(untouched.skipped.join('\n')).toMatch(/role member: the built-in default role, unchanged/);
    expect(untouched.items.find((i) => i.type === 'workos_role_policy')!.attributes.default_role).toBe('member');

    const changed = buildModel(snapshot({ roles: [{ ...member, permissions: ['users:view'] }] }));
    const managed = changed.items.find((i) => i.type === 'workos_role')!;
    expect(managed.importId).toBe('member');
    expect(managed.note).toMatch(/default role: it cannot be deleted/);
  });

  test('import ids are the ones each resource type expects', () => {
    const org = organization('org_1', 'Acme', {
      roles: [role('org-admin', { type: 'OrganizationRole' })],
      policy: { organizationId: 'org_1', priority: ['org-admin', 'member'], defaultRole: 'member', multipleRoles: true },
      memberships: [{ id: 'om_1', organizationId: 'org_1', userId: 'user_1', roleSlugs: ['org-admin'], status: 'active', createdAt: AT, updatedAt: AT }],
      resources: [{ id: 'res_1', organizationId: 'org_1', resourceTypeSlug: 'workspace', externalId: 'ws', name: 'WS', description: null, parentResourceId: null }],
      assignments: [{ id: 'ra_1', organizationMembershipId: 'om_1', roleSlug: 'org-admin', resourceId: 'res_1', resourceTypeSlug: 'workspace', resourceExternalId: 'ws' }],
    });
    const model = buildModel(snapshot({ users: [{ id: 'user_1', email: 'a@x.example', firstName: null, lastName: null, createdAt: AT, updatedAt: AT }], resourceTypes: [{ slug: 'workspace', name: 'Workspace', parentTypes: [] }], organizations: [org] }));
    expect(Object.fromEntries(model.items.map((i) => [`${i.type} ${i.hclName}`, i.importId]))).toEqual({
      'workos_role_policy environment_role_policy': 'environment',
      'workos_resource_type workspace': 'workspace',
      'workos_user a': 'user_1',
      'workos_organization acme': 'org_1',
      'workos_organization_role acme_org_admin': 'org_1/org-admin',
      'workos_role_policy acme_role_policy': 'org_1',
      'workos_organization_membership a_in_acme': 'om_1',
      'workos_resource ws': 'res_1',
      'workos_resource_assignment a_in_acme_ws_org_admin': 'om_1/ra_1',
    });
  });

  test('a membership holding only the default role leaves its roles to mappings and the default; others list them', () => {
    const m = (id: string, roleSlugs: string[]) => ({ id, organizationId: 'org_1', userId: id, roleSlugs, status: 'active', createdAt: AT, updatedAt: AT });
    const model = buildModel(snapshot({ roles: [member, role('admin')], organizations: [organization('org_1', 'Acme', { memberships: [m('om_default', ['member']), m('om_admin', ['admin'])] })] }));
    const roles = Object.fromEntries(model.items.filter((i) => i.type === 'workos_organization_membership').map((i) => [i.importId, i.attributes.roles]));
    expect(roles.om_default).toBeUndefined();
    expect(roles.om_admin).toEqual([{ ref: expect.objectContaining({ importId: 'admin' }), attribute: 'slug' }]);
  });

  test('colliding names: variables are unique across the stack, HCL names per resource type', () => {
    const model = buildModel(snapshot({ permissions: [{ id: 'p', slug: 'admin', name: 'A', description: null, system: false, createdAt: AT, updatedAt: AT }], roles: [member, role('admin')] }));
    const [permission, adminRole] = [model.items.find((i) => i.type === 'workos_permission')!, model.items.find((i) => i.type === 'workos_role')!];
    expect([permission.variable, adminRole.variable]).toEqual(['admin', 'adminRole']);
    expect([permission.hclName, adminRole.hclName]).toEqual(['admin', 'admin']);
    expect(permission.base).not.toBe(adminRole.base); // construct ids are unique in the stack too
  });

  test('users with the same name at different domains get names qualified by the domain', () => {
    const user = (id: string, email: string) => ({ id, email, firstName: null, lastName: null, createdAt: AT, updatedAt: AT });
    const model = buildModel(snapshot({ users: [user('u1', 'alice@acme.example'), user('u2', 'alice@globex.example')] }));
    expect(model.items.map((i) => [i.variable, i.hclName, i.base]).filter(([v]) => v!.startsWith('alice'))).toEqual([
      ['alice', 'alice', 'alice'],
      ['aliceGlobexExample', 'alice_globex_example', 'alice-globex-example'],
    ]);
  });

  test('resources and resource types come after their parents', () => {
    const res = (id: string, parent: string | null) => ({ id, organizationId: 'org_1', resourceTypeSlug: 't', externalId: id, name: id, description: null, parentResourceId: parent });
    const model = buildModel(
      snapshot({
        resourceTypes: [{ slug: 'c', name: 'C', parentTypes: ['b'] }, { slug: 'b', name: 'B', parentTypes: ['a'] }, { slug: 'a', name: 'A', parentTypes: [] }],
        organizations: [organization('org_1', 'Acme', { resources: [res('leaf', 'mid'), res('mid', 'root'), res('root', null)] })],
      }),
    );
    expect(model.items.filter((i) => i.type === 'workos_resource_type').map((i) => i.importId)).toEqual(['a', 'b', 'c']);
    expect(model.items.filter((i) => i.type === 'workos_resource').map((i) => i.importId)).toEqual(['root', 'mid', 'leaf']);
  });

  test('on real WorkOS (no dashboard capabilities) what its API cannot list is named as skipped, and types stay slugs', async () => {
    const { readEnvironment } = await import('../../src/export');
    const empty = async function* () {};
    const source = {
      capabilities: async () => NONE,
      permissions: { list: empty },
      roles: { list: async function* () { yield member; } },
      users: { list: empty },
      organizations: { list: async function* () { yield organization('org_1', 'Acme').organization; } },
      organizationRoles: { list: empty },
      memberships: { list: empty },
      resources: { list: async function* () { yield { id: 'res_1', organizationId: 'org_1', resourceTypeSlug: 'workspace', externalId: 'ws', name: 'WS', description: null, parentResourceId: null }; } },
      roleAssignments: { list: empty },
      rolePolicy: { get: () => { throw new Error('not on real WorkOS'); } },
      roleMappings: { list: () => { throw new Error('not on real WorkOS'); } },
      resourceTypes: { list: () => { throw new Error('not on real WorkOS'); } },
    } as unknown as Parameters<typeof readEnvironment>[0];
    const model = buildModel(await readEnvironment(source));
    const skipped = model.skipped.join('\n');
    expect(skipped).toMatch(/role policies .* not exported/);
    expect(skipped).toMatch(/role mappings: .* not exported/);
    expect(skipped).toMatch(/resource types: .* not exported/);
    expect(model.items.find((i) => i.type === 'workos_resource')!.attributes.resource_type_slug).toBe('workspace');
    expect(model.items.some((i) => i.type === 'workos_role_policy')).toBe(false);
  });
});

describe('cdktf output', () => {
  const acme = organization('org_1', 'Acme', {
    roles: [role('org-admin', { type: 'OrganizationRole' })],
    mappings: [
      { id: 'm1', kind: 'sso', organizationId: 'org_1', sourceId: null, group: 'Admins', value: null, roles: ['org-admin'], mode: null },
      { id: 'm2', kind: 'directory', organizationId: 'org_1', sourceId: null, group: 'Eng Team', value: null, roles: ['admin'], mode: null },
      // Sanitizes to the same construct id as "Eng Team": the helper cannot be used twice.
      { id: 'm3', kind: 'directory', organizationId: 'org_1', sourceId: null, group: 'eng-team', value: null, roles: ['admin'], mode: 'additive' },
      { id: 'm4', kind: 'attribute', organizationId: 'org_1', sourceId: null, group: 'myRole', value: 'admin', roles: ['admin', 'org-admin'], mode: null },
      { id: 'm5', kind: 'directory', organizationId: 'org_1', sourceId: 'directory_1', group: 'Design', value: null, roles: ['admin'], mode: null },
    ],
    memberships: [{ id: 'om_1', organizationId: 'org_1', userId: 'user_gone', roleSlugs: ['org-admin'], status: 'active', createdAt: AT, updatedAt: AT }],
    resources: [{ id: 'res_1', organizationId: 'org_1', resourceTypeSlug: 'workspace', externalId: 'platform', name: 'Platform', description: null, parentResourceId: null }],
    assignments: [{ id: 'ra_1', organizationMembershipId: 'om_1', roleSlug: 'admin', resourceId: 'res_1', resourceTypeSlug: 'workspace', resourceExternalId: 'platform' }],
  });
  const code = renderCdktf(buildModel(snapshot({ roles: [member, role('admin')], organizations: [acme] })), { stackName: 'my-rbac', header: ['hello'] });

  test('uses the organization helpers where they fit', () => {
    expect(code).toContain(`const acmeOrgAdmin = acme.addRole('org-admin', { name: 'org-admin' });`);
    expect(code).toContain(`acmeOrgAdmin.mapSsoGroup('Admins')`);
    expect(code).toContain(`acme.mapDirectoryGroup('Eng Team', [admin])`);
    expect(code).toContain(`acme.mapAttribute('myRole', 'admin', [admin, acmeOrgAdmin])`);
    // One directory's group: the construct takes the directory (here by id) as `directory`.
    expect(code).toContain(`acme.mapDirectoryGroup('Design', [admin], { directory: 'directory_1' })`);
    // A user the listing did not return is referred to by id; assignRole derives the assignment's id.
    expect(code).toContain(`const userGoneInAcme = acme.addMember('user_gone', [acmeOrgAdmin]);`);
    expect(code).toContain(`userGoneInAcme.assignRole(admin, platform);`);
  });

  test('falls back to the constructor with an id of its own where a helper id is taken', () => {
    expect(code).toMatch(/new DirectoryGroupMapping\(this, 'acme-directory-eng-team-mapping', \{ organization: acme, group: 'eng-team', roles: \[admin\], mode: 'additive' \}\)/);
    expect(code).toContain(`import { DirectoryGroupMapping, Organization, Resource, Role, RolePolicy, WorkosProvider } from 'cdktf-workos-rbac';`);
  });

  test('adopts every construct with importFrom, in one block at the end of the stack', () => {
    const adoption = code.slice(code.indexOf('// Adoption'));
    for (const id of ['admin', 'environment', 'org_1', 'org_1/org-admin', 'm1', 'm2', 'm3', 'm4', 'om_1', 'res_1', 'om_1/ra_1']) expect(adoption).toContain(`.importFrom('${id}');`);
    expect(code).toContain(`export class MyRbacStack extends TerraformStack {`);
    expect(code).toContain(`new MyRbacStack(app, 'my-rbac');`);
    expect(code.startsWith('// hello\n')).toBe(true);
  });

  test('HCL output: a resource and an import block per object', () => {
    const hcl = renderHcl(buildModel(snapshot({ roles: [member, role('admin')], organizations: [acme] })), []);
    expect(hcl).toContain('resource "workos_directory_group_mapping" "acme_directory_eng_team_mapping" {');
    expect(hcl).toContain('import {\n  to = workos_organization_role.acme_org_admin\n  id = "org_1/org-admin"\n}');
    expect(hcl).toContain('  roles           = [workos_role.admin.slug]');
  });
});

describe('export arguments', () => {
  test('defaults and flags', () => {
    expect(parseExportArgs([])).toEqual({ format: 'cdktf', outDir: '.', stackName: 'rbac' });
    expect(parseExportArgs(['--format', 'hcl', '--out', 'adopted', '--stack-name', 'prod'])).toEqual({ format: 'hcl', outDir: 'adopted', stackName: 'prod' });
  });

  test.each([
    [['--format', 'json'], '--format must be cdktf or hcl, not "json"'],
    [['--out'], '--out needs a value'],
    [['--stack-name', '1x'], '--stack-name must start with a letter'],
    [['--force'], 'export: unknown argument "--force"'],
  ])('%j is rejected: %s', (argv, message) => {
    expect(() => parseExportArgs(argv)).toThrow(message);
  });
});

describe('writing the files', () => {
  test('export never overwrites: existing files stop it before anything is read', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { exportEnvironment } = await import('../../src/export');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-export-unit-'));
    try {
      fs.writeFileSync(path.join(dir, 'main.tf'), '# mine\n');
      const untouchable = new Proxy({}, { get: () => { throw new Error('read the environment'); } }) as Parameters<typeof exportEnvironment>[0];
      await expect(exportEnvironment(untouchable, { format: 'hcl', outDir: dir, stackName: 'rbac' }, 'test')).rejects.toThrow(`${path.join(dir, 'main.tf')} already exists: choose another --out directory`);
      expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).toBe('# mine\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
