/** The plan ledger (providers/plan-ledger.ts) and the graph checks built on it (providers/graph-checks.ts). */
import { PlanLedger, creationIdentity } from '../../providers/plan-ledger';
import { checkPermissionReferences, checkRoleReferences, recordCreation } from '../../providers/graph-checks';
import type { HandlerContext } from '../../providers/handler';
import { NotFoundError } from '../../src/client/errors';
import { UNKNOWN, type Diagnostic } from '../../src/schemas/builder';
import { permissionSchema } from '../../src/schemas/permission';
import { roleSchema } from '../../src/schemas/role';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function* items<T>(xs: T[]): AsyncIterable<T> {
  for (const x of xs) yield x;
}

const notFound = () => {
  const e = Object.create(NotFoundError.prototype) as NotFoundError;
  Object.assign(e, { message: 'not found' });
  return e;
};

/** A fake client: environment roles, organization roles per org, permissions, organizations; counts list calls. */
function fakeContext(ledger: PlanLedger, data: { envRoles?: string[]; orgRoles?: Record<string, string[]>; permissions?: string[]; orgs?: Array<{ id: string; name: string }> }) {
  const calls: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const env = data.envRoles ?? [];
  const slugs = (xs: string[]) => items(xs.map((slug) => ({ slug })));
  const client = {
    roles: {
      list: () => (calls.push('roles.list'), slugs(env)),
      get: async (s: string) => (calls.push('roles.get'), env.includes(s) ? { slug: s } : Promise.reject(notFound())),
    },
    organizationRoles: {
      list: (org: string) => (calls.push(`organizationRoles.list ${org}`), slugs([...env, ...(data.orgRoles?.[org] ?? [])])),
      get: async (org: string, s: string) => (calls.push('organizationRoles.get'), [...env, ...(data.orgRoles?.[org] ?? [])].includes(s) ? { slug: s } : Promise.reject(notFound())),
    },
    permissions: {
      list: () => (calls.push('permissions.list'), slugs(data.permissions ?? [])),
      get: async (s: string) => (calls.push('permissions.get'), (data.permissions ?? []).includes(s) ? { slug: s } : Promise.reject(notFound())),
    },
    organizations: { list: () => (calls.push('organizations.list'), items(data.orgs ?? [])) },
  };
  const ctx = { client, capabilities: {}, log: silent, diagnostics, plan: ledger } as unknown as HandlerContext;
  return { ctx, calls, diagnostics };
}

describe('PlanLedger', () => {
  test('records creations by kind, scope and slug', () => {
    const ledger = new PlanLedger();
    expect(ledger.recordCreate({ kind: 'role', scope: null, slug: 'dev', identity: 'a', typeName: 'workos_role' })).toBeUndefined();
    expect(ledger.creates('role', null, 'dev')).toBe(true);
    expect(ledger.creates('role', 'org_1', 'dev')).toBe(false);
    expect(ledger.creates('permission', null, 'dev')).toBe(false);
  });

  test('the same resource planned again is not a duplicate; another one is', () => {
    const ledger = new PlanLedger();
    const c = { kind: 'permission' as const, scope: null, slug: 'users:view', identity: 'a', typeName: 'workos_permission' };
    ledger.recordCreate(c);
    expect(ledger.recordCreate(c)).toBeUndefined();
    expect(ledger.recordCreate({ ...c, identity: 'b' })).toMatchObject({ identity: 'a' });
  });

  test('roles of different organizations, or of organizations not known yet, never collide', () => {
    const ledger = new PlanLedger();
    const c = { kind: 'role' as const, slug: 'org-ops', typeName: 'workos_organization_role' };
    expect(ledger.recordCreate({ ...c, scope: 'org_1', identity: 'a' })).toBeUndefined();
    expect(ledger.recordCreate({ ...c, scope: 'org_2', identity: 'b' })).toBeUndefined();
    expect(ledger.recordCreate({ ...c, scope: UNKNOWN, identity: 'c' })).toBeUndefined();
    expect(ledger.recordCreate({ ...c, scope: UNKNOWN, identity: 'd' })).toBeUndefined();
    expect(ledger.organizationsCreatingRole('org-ops')).toEqual(['org_1', 'org_2']);
  });

  test('memo loads once per key; a failure is not cached', async () => {
    const ledger = new PlanLedger();
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([ledger.memo('k', load), ledger.memo('k', load)])).toEqual([1, 1]);
    await expect(ledger.memo('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await new Promise((r) => setImmediate(r));
    expect(await ledger.memo('bad', load)).toBe(2);
  });

  test('one role policy per scope: the same identity again is no claim; another is', () => {
    const ledger = new PlanLedger();
    expect(ledger.claimPolicy(null, 'env-a')).toBe(false);
    expect(ledger.claimPolicy(null, 'env-a')).toBe(false);
    expect(ledger.claimPolicy('org_1', 'org-a')).toBe(false);
    expect(ledger.claimPolicy(null, 'env-b')).toBe(true);
    expect(ledger.claimPolicy('org_1', 'org-b')).toBe(true);
    expect(ledger.claimPolicy('org_2', 'org-b')).toBe(false);
  });

  test('resource types planned in this walk keep their latest planned parents', () => {
    const ledger = new PlanLedger();
    ledger.recordTypeParents('a', ['b']);
    ledger.recordTypeParents('a', ['c']);
    ledger.recordTypeParents('b', []);
    expect([...ledger.plannedTypeParents()]).toEqual([
      ['a', ['c']],
      ['b', []],
    ]);
  });

  test('identity ignores computed attributes and marks unknowns', () => {
    const a = creationIdentity({ id: 'role_1', slug: 's', name: 'N' }, ['id']);
    const b = creationIdentity({ id: UNKNOWN, slug: 's', name: 'N' }, ['id']);
    expect(a).toBe(b);
    expect(creationIdentity({ slug: 's', name: UNKNOWN }, [])).not.toBe(creationIdentity({ slug: 's', name: 'N' }, []));
  });
});

describe('graph checks', () => {
  test('a role created earlier in this plan is not an error; a missing one is, at the attribute', async () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics } = fakeContext(ledger, { envRoles: ['member'] });
    recordCreation(ctx, roleSchema, 'role', { id: UNKNOWN, slug: 'developer', name: 'Dev', description: null, permissions: null, destroy_behavior: 'delete' }, null, null);
    await checkRoleReferences(ctx, { roles: ['developer', 'member'] }, null, 'roles', 'org_1', 'mapping');
    expect(diagnostics).toEqual([]);
    await checkRoleReferences(ctx, { roles: ['develper'] }, null, 'roles', 'org_1', 'mapping');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', path: ['roles', 0] });
    expect(diagnostics[0].detail).toContain('role "develper" does not exist in WorkOS and is not created earlier in this plan');
  });

  test('lists are fetched once per scope per walk', async () => {
    const ledger = new PlanLedger();
    const { ctx, calls } = fakeContext(ledger, { envRoles: ['member'], permissions: ['a', 'b'] });
    for (let i = 0; i < 5; i++) {
      await checkRoleReferences(ctx, { roles: ['member'] }, null, 'roles', 'org_1', 'mapping');
      await checkRoleReferences(ctx, { default_role: 'member' }, null, 'default_role', null, 'role policy');
      await checkPermissionReferences(ctx, { permissions: ['a', 'b'] }, null, 'permissions');
    }
    expect(calls.sort()).toEqual(['organizationRoles.list org_1', 'permissions.list', 'roles.list']);
  });

  test('unknown values and unchanged references are not judged; org- roles of an unknown organization are skipped', async () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics, calls } = fakeContext(ledger, {});
    await checkRoleReferences(ctx, { roles: UNKNOWN }, null, 'roles', 'org_1', 'mapping');
    await checkRoleReferences(ctx, { roles: [UNKNOWN] }, null, 'roles', 'org_1', 'mapping');
    await checkRoleReferences(ctx, { roles: ['gone'] }, { roles: ['gone'] }, 'roles', 'org_1', 'mapping');
    await checkRoleReferences(ctx, { roles: ['org-x'] }, null, 'roles', UNKNOWN, 'mapping');
    expect(diagnostics).toEqual([]);
    expect(calls).toEqual([]);
    await checkRoleReferences(ctx, { roles: ['nope'] }, null, 'roles', UNKNOWN, 'mapping');
    expect(diagnostics).toHaveLength(1);
  });

  test('a missing permission is an error at its element', async () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics } = fakeContext(ledger, { permissions: ['users:view'] });
    recordCreation(ctx, permissionSchema, 'permission', { id: UNKNOWN, slug: 'users:edit', name: 'E', description: null }, null, null);
    await checkPermissionReferences(ctx, { permissions: ['users:view', 'users:edit', 'users:nuke'] }, null, 'permissions');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ path: ['permissions', 2], summary: 'permission "users:nuke" does not exist' });
  });

  test('an org- role of another organization is named as such', async () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics } = fakeContext(ledger, {
      orgRoles: { org_a: ['org-ops'], org_b: [] },
      orgs: [
        { id: 'org_a', name: 'Acme' },
        { id: 'org_b', name: 'Globex' },
      ],
    });
    await checkRoleReferences(ctx, { roles: ['org-ops'] }, null, 'roles', 'org_b', 'mapping');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].summary).toBe(`The mapping's roles include "org-ops", which organization org_b cannot use: it belongs to another organization`);
    expect(diagnostics[0].detail).toContain('"Acme" (org_a)');
    expect(diagnostics[0].path).toEqual(['roles', 0]);
  });

  test('duplicate creations are an error at slug, re-plans of one resource are not', () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics } = fakeContext(ledger, {});
    const p1 = { id: UNKNOWN, slug: 'users:view', name: 'View users', description: null };
    recordCreation(ctx, permissionSchema, 'permission', p1, null, null);
    recordCreation(ctx, permissionSchema, 'permission', { ...p1, id: 'perm_1' }, { ...p1, id: 'perm_1', slug: 'old' }, null); // replacement, first plan
    recordCreation(ctx, permissionSchema, 'permission', p1, null, null); // again at apply
    expect(diagnostics).toEqual([]);
    recordCreation(ctx, permissionSchema, 'permission', { ...p1, name: 'Other' }, null, null);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ path: ['slug'], summary: 'another resource in this configuration also creates permission "users:view"' });
  });
  test('10,000 missing permissions make ONE diagnostic at the attribute, bounded, after at most ten direct reads', async () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics, calls } = fakeContext(ledger, { permissions: ['users:view'] });
    const slugs = Array.from({ length: 10_000 }, (_, i) => `ghost:${i}`);
    await checkPermissionReferences(ctx, { permissions: ['users:view', ...slugs] }, null, 'permissions');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', summary: '10,000 permissions in permissions do not exist', path: ['permissions'] });
    expect(diagnostics[0].detail).toMatch(/^The permissions "ghost:0", "ghost:1", .*"ghost:9" and 9,990 more exist neither in WorkOS nor earlier in this plan/);
    expect(diagnostics[0].detail.length).toBeLessThan(1_000);
    expect(calls.filter((c) => c === 'permissions.get')).toHaveLength(10);
  });

  test('several missing roles of one list make one diagnostic naming them', async () => {
    const ledger = new PlanLedger();
    const { ctx, diagnostics } = fakeContext(ledger, { envRoles: ['member'] });
    await checkRoleReferences(ctx, { roles: ['member', 'ghost', 'phantom'] }, null, 'roles', null, 'mapping');
    expect(diagnostics).toEqual([expect.objectContaining({ summary: '2 roles in roles do not exist', path: ['roles'] })]);
    expect(diagnostics[0].detail).toMatch(/^The roles "ghost" and "phantom" exist neither/);
  });
});

