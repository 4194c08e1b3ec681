/**
 * `workos-rbac audit`: each finding on a small hand-made topology, the arguments, and `--live`
 * against the in-process control plane.
 */
import { computeAudit } from '../../src/audit/findings';
import { parseAuditArgs, runAuditCommand, documentObjects } from '../../src/audit/command';
import { renderAuditMarkdown } from '../../src/audit/render';
import type { ManagedObject } from '../../src/impact/sources';
import { PlanFormatError } from '../../src/impact/sources';
import { useControlPlane } from '../helpers/control-plane';

const obj = (type: string, name: string, values: Record<string, unknown>): ManagedObject => ({ address: `${type}.${name}`, type, values, refs: {} });
const permission = (slug: string) => obj('workos_permission', slug.replace(/\W/g, '_'), { slug, name: slug });
const role = (slug: string, permissions: string[]) => obj('workos_role', slug, { slug, name: slug, permissions });
const orgRole = (slug: string, permissions: string[]) => obj('workos_organization_role', slug, { organization_id: 'org_acme', slug, name: slug, permissions });
const acme = obj('workos_organization', 'acme', { id: 'org_acme', name: 'Acme' });
const policy = (values: Record<string, unknown>) => obj('workos_role_policy', 'environment', { organization_id: null, ...values });
const mapping = (group: string, roles: string[]) => obj('workos_directory_group_mapping', group.toLowerCase(), { organization_id: 'org_acme', group, roles });
const alice = obj('workos_user', 'alice', { id: 'user_alice', email: 'alice@acme.example' });
const membership = (roles: string[] | null) => obj('workos_organization_membership', 'alice', { id: 'om_alice', organization_id: 'org_acme', user_id: 'user_alice', roles });
const resource = (id: string, type: string, name: string, parent?: string) =>
  obj('workos_resource', id, { id, organization_id: 'org_acme', resource_type_slug: type, external_id: name.toLowerCase(), name, parent_id: parent ?? null });
const assignment = (roleSlug: string, resourceId: string) => obj('workos_resource_assignment', `${roleSlug}_${resourceId}`, { organization_membership_id: 'om_alice', role_slug: roleSlug, resource_id: resourceId });

describe('unused permissions', () => {
  test('a declared permission no environment or organization role grants', () => {
    // GIVEN three permissions, one granted by an environment role and one by an organization role
    const report = computeAudit([permission('docs:view'), permission('docs:edit'), permission('billing:export'), role('viewer', ['docs:view']), acme, orgRole('org-editor', ['docs:edit'])]);
    // THEN only the third is unused
    expect(report.unused_permissions).toEqual([{ permission: 'billing:export' }]);
  });
});

describe('idle roles', () => {
  test('roles with no mapping, assignment or member, and not the default role', () => {
    // GIVEN viewer (the default), editor (mapped), org-ops (held by a member), org-proj (assigned), ghost and org-lead (nothing)
    const report = computeAudit([
      role('viewer', []),
      role('editor', []),
      role('ghost', []),
      policy({ priority: ['editor', 'viewer', 'ghost'], default_role: 'viewer' }),
      acme,
      orgRole('org-ops', []),
      orgRole('org-lead', []),
      orgRole('org-proj', []),
      mapping('Engineering', ['editor']),
      alice,
      membership(['org-ops']),
      resource('res_ws', 'workspace', 'Platform'),
      assignment('org-proj', 'res_ws'),
    ]);
    expect(report.idle_roles).toEqual([
      { organization: null, role: 'ghost' },
      { organization: 'Acme', role: 'org-lead' },
    ]);
  });

  test('an environment role used in one organization is not idle; the default role never is', () => {
    const report = computeAudit([role('member', []), role('auditor', []), acme, obj('workos_sso_group_mapping', 'a', { organization_id: 'org_acme', group: 'Audit', roles: ['auditor'] })]);
    expect(report.idle_roles).toEqual([]);
  });
});

describe('widest subjects', () => {
  const objects = [
    role('viewer', ['docs:view']),
    role('editor', ['docs:view', 'docs:edit']),
    role('admin', ['docs:view', 'docs:edit', 'billing:manage']),
    policy({ priority: ['admin', 'editor', 'viewer'], default_role: 'viewer' }),
    acme,
    mapping('Admins', ['admin']),
    mapping('Engineering', ['editor']),
    obj('workos_attribute_mapping', 'dept', { organization_id: 'org_acme', attribute: 'department', value: 'sales', roles: ['viewer'] }),
  ];

  test('subjects ranked by how many permissions they hold, with their roles and counts', () => {
    const report = computeAudit(objects);
    expect(report.widest_subjects).toEqual([
      { organization: 'Acme', subject: { kind: 'directory_group', name: 'Admins' }, roles: ['admin'], permission_count: 3, permissions: ['billing:manage', 'docs:edit', 'docs:view'] },
      { organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, roles: ['editor'], permission_count: 2, permissions: ['docs:edit', 'docs:view'] },
      { organization: null, subject: { kind: 'default_role' }, roles: ['viewer'], permission_count: 1, permissions: ['docs:view'] },
      { organization: 'Acme', subject: { kind: 'attribute', name: 'department', value: 'sales' }, roles: ['viewer'], permission_count: 1, permissions: ['docs:view'] },
    ]);
  });

  test('--top keeps the first N', () => {
    expect(computeAudit(objects, { top: 1 }).widest_subjects.map((w) => w.subject)).toEqual([{ kind: 'directory_group', name: 'Admins' }]);
  });
});

describe('redundant grants', () => {
  test('two roles of one mapping in multiple-roles mode grant the same permission', () => {
    // GIVEN multiple-roles mode and a group mapped to editor and viewer, both granting docs:view
    const report = computeAudit([role('viewer', ['docs:view']), role('editor', ['docs:view', 'docs:edit']), policy({ priority: ['editor', 'viewer'], default_role: 'viewer', multiple_roles: true }), acme, mapping('Engineering', ['editor', 'viewer'])]);
    expect(report.redundant_grants).toEqual([{ organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, paths: [{ role: 'editor' }, { role: 'viewer' }], permissions: ['docs:view'] }]);
  });

  test('one role wins without multiple-roles mode: nothing is redundant', () => {
    const report = computeAudit([role('viewer', ['docs:view']), role('editor', ['docs:view', 'docs:edit']), policy({ priority: ['editor', 'viewer'], default_role: 'viewer' }), acme, mapping('Engineering', ['editor', 'viewer'])]);
    expect(report.redundant_grants).toEqual([]);
  });

  test('an organization role and an assignment inherited from the parent resource', () => {
    // GIVEN Alice with org-member (docs:view) in Acme, ws-admin on workspace Platform and proj-editor on its project API
    const report = computeAudit([
      acme,
      orgRole('org-member', ['docs:view']),
      orgRole('ws-admin', ['docs:view', 'docs:edit', 'ws:manage']),
      orgRole('proj-editor', ['docs:edit']),
      alice,
      membership(['org-member']),
      resource('res_ws', 'workspace', 'Platform'),
      resource('res_api', 'project', 'API', 'res_ws'),
      assignment('ws-admin', 'res_ws'),
      assignment('proj-editor', 'res_api'),
    ]);
    // THEN on the project, docs:edit comes from its own assignment and the inherited one; docs:view from the inherited one and her organization role
    expect(report.redundant_grants).toEqual([
      {
        organization: 'Acme',
        subject: { kind: 'resource_assignment', user: 'alice@acme.example', resource: 'project API' },
        paths: [{ role: 'proj-editor', resource: 'project API' }, { role: 'ws-admin', resource: 'workspace Platform' }],
        permissions: ['docs:edit'],
      },
      {
        organization: 'Acme',
        subject: { kind: 'resource_assignment', user: 'alice@acme.example', resource: 'project API' },
        paths: [{ role: 'ws-admin', resource: 'workspace Platform' }, { role: 'org-member' }],
        permissions: ['docs:view'],
      },
      {
        organization: 'Acme',
        subject: { kind: 'resource_assignment', user: 'alice@acme.example', resource: 'workspace Platform' },
        paths: [{ role: 'ws-admin', resource: 'workspace Platform' }, { role: 'org-member' }],
        permissions: ['docs:view'],
      },
    ]);
    // AND the widest subject is Alice on the project, with every role that reaches it
    expect(report.widest_subjects[0]).toEqual({
      organization: 'Acme',
      subject: { kind: 'resource_assignment', user: 'alice@acme.example', resource: 'project API' },
      roles: ['org-member', 'proj-editor', 'ws-admin'],
      permission_count: 3,
      permissions: ['docs:edit', 'docs:view', 'ws:manage'],
    });
    // AND the Markdown names the paths
    expect(renderAuditMarkdown(report, 10)).toContain('| Acme | alice@acme.example on project API | `docs:edit` | `proj-editor` on project API, `ws-admin` on workspace Platform |');
  });
});

describe('parseAuditArgs', () => {
  test('a file, stdin, a cdktf stack or the live target; Markdown, top 10 and no --fail-on by default', () => {
    expect(parseAuditArgs(['plan.json'])).toEqual({ source: { kind: 'file', path: 'plan.json' }, format: 'markdown', top: 10, failOn: [] });
    expect(parseAuditArgs(['-', '--format', 'json', '--top', '3'])).toEqual({ source: { kind: 'stdin' }, format: 'json', top: 3, failOn: [] });
    expect(parseAuditArgs(['--cdktf', 'rbac', '--fail-on', 'idle_roles,unused_permissions']).failOn).toEqual(['idle_roles', 'unused_permissions']);
    expect(parseAuditArgs(['--live']).source).toEqual({ kind: 'live' });
  });

  test('bad arguments say what is wrong', () => {
    expect(() => parseAuditArgs([])).toThrow('audit needs PLAN_JSON');
    expect(() => parseAuditArgs(['a.json', '--live'])).toThrow('audit reads one topology');
    expect(() => parseAuditArgs(['-', '--top', '0'])).toThrow('--top must be a positive whole number, not "0"');
    expect(() => parseAuditArgs(['-', '--format', 'html'])).toThrow('--format must be markdown or json, not "html"');
    expect(() => parseAuditArgs(['-', '--fail-on', 'widest_subjects'])).toThrow('--fail-on takes unused_permissions, idle_roles, redundant_grants (comma-separated), not "widest_subjects"');
    expect(() => parseAuditArgs(['-', '--top'])).toThrow('--top needs a value');
    expect(() => parseAuditArgs(['-', '--color'])).toThrow('audit: unknown argument "--color"');
  });

  test('an unreadable file, a document that is neither a plan nor a synthesized stack, a missing stack', async () => {
    await expect(runAuditCommand(['/nonexistent/plan.json'], () => {})).rejects.toThrow('cannot read /nonexistent/plan.json');
    expect(() => documentObjects('{"values": {}}', 'state.json')).toThrow(PlanFormatError);
    expect(() => documentObjects('{"values": {}}', 'state.json')).toThrow(/^state\.json: the input has no "format_version"/);
    expect(() => documentObjects('not json', 'x.json')).toThrow('x.json is not JSON');
    await expect(runAuditCommand(['--cdktf', 'nope'], () => {}, {}, '/nonexistent')).rejects.toThrow('/nonexistent/cdktf.out/stacks/nope/cdk.tf.json is missing: run `npx cdktf synth` first');
    await expect(runAuditCommand(['--live'], () => {}, {})).rejects.toThrow('--live reads the target: set WORKOS_API_KEY');
  });
});

describe('audit over a plan', () => {
  test('planned values are audited; --fail-on exits 3 when its finding is present', async () => {
    // GIVEN a plan creating an unused permission beside a role
    const change = (address: string, type: string, after: Record<string, unknown>) => ({ address, mode: 'managed', type, change: { actions: ['create'], before: null, after, after_unknown: { id: true } } });
    const plan = {
      format_version: '1.2',
      resource_changes: [
        change('workos_permission.view', 'workos_permission', { slug: 'docs:view', name: 'View' }),
        change('workos_permission.purge', 'workos_permission', { slug: 'docs:purge', name: 'Purge' }),
        change('workos_role.viewer', 'workos_role', { slug: 'viewer', name: 'Viewer', permissions: ['docs:view'] }),
      ],
    };
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'plan.json');
    fs.writeFileSync(file, JSON.stringify(plan));
    let out = '';
    // WHEN audited as JSON, and with --fail-on
    expect(await runAuditCommand([file, '--format', 'json'], (s) => (out += s))).toBe(0);
    expect(JSON.parse(out)).toEqual({
      unused_permissions: [{ permission: 'docs:purge' }],
      idle_roles: [{ organization: null, role: 'viewer' }],
      widest_subjects: [],
      redundant_grants: [],
    });
    expect(await runAuditCommand([file, '--fail-on', 'unused_permissions'], () => {})).toBe(3);
    expect(await runAuditCommand([file, '--fail-on', 'redundant_grants'], () => {})).toBe(0);
  });
});

describe('audit --cdktf', () => {
  test('reads cdktf.out/stacks/STACK/cdk.tf.json, references resolved, without terraform', async () => {
    // GIVEN a synthesized stack: a role granting one of two permissions by reference
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cdktf-'));
    fs.mkdirSync(path.join(cwd, 'cdktf.out', 'stacks', 'rbac'), { recursive: true });
    const synth = {
      terraform: { required_providers: { workos: { source: 'workos-rbac/workos' } } },
      resource: {
        workos_permission: { view: { slug: 'docs:view', name: 'View' }, purge: { slug: 'docs:purge', name: 'Purge' } },
        workos_role: { viewer: { slug: 'viewer', name: 'Viewer', permissions: ['${workos_permission.view.slug}'] } },
        workos_role_policy: { environment: { priority: ['${workos_role.viewer.slug}'], default_role: '${workos_role.viewer.slug}' } },
      },
    };
    fs.writeFileSync(path.join(cwd, 'cdktf.out', 'stacks', 'rbac', 'cdk.tf.json'), JSON.stringify(synth));
    // WHEN audited
    let out = '';
    expect(await runAuditCommand(['--cdktf', 'rbac'], (s) => (out += s), {}, cwd)).toBe(0);
    // THEN
    expect(out).toContain('**Access audit:** 1 unused permission, 0 idle roles, 0 redundant grants.');
    expect(out).toContain('| environment | members with no mapping | `viewer` | `docs:view` | 1 |');
    expect(out).toContain('### Unused permissions\n\n| permission |\n| --- |\n| `docs:purge` |');
  });
});

describe('audit --live', () => {
  const target = useControlPlane();

  test('reads the environment as export does and audits it', async () => {
    // GIVEN a live environment: two permissions, viewer granted one, an idle role, Acme with a mapping and Alice holding an organization role
    const c = target.client;
    await c.permissions.create({ slug: 'docs:view', name: 'View' });
    await c.permissions.create({ slug: 'docs:purge', name: 'Purge' });
    await c.roles.create({ slug: 'viewer', name: 'Viewer' });
    await c.roles.setPermissions('viewer', ['docs:view']);
    await c.roles.create({ slug: 'ghost', name: 'Ghost' });
    const org = await c.organizations.create({ name: 'Acme' });
    await c.organizationRoles.create(org.id, { slug: 'org-lead', name: 'Lead' });
    await c.organizationRoles.setPermissions(org.id, 'org-lead', ['docs:view']);
    await c.roleMappings.create({ kind: 'directory', organizationId: org.id, sourceId: null, group: 'Readers', value: null, roles: ['viewer'], mode: null });
    const user = await c.users.create({ email: 'alice@acme.example' });
    await c.rolePolicy.update(org.id, { multipleRoles: true });
    await c.memberships.create({ organizationId: org.id, userId: user.id, roleSlugs: ['org-lead', 'viewer'] });
    // WHEN audited live
    let out = '';
    const code = await runAuditCommand(['--live', '--format', 'json'], (s) => (out += s), { WORKOS_API_KEY: target.apiKey, WORKOS_BASE_URL: target.url });
    // THEN
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.unused_permissions).toEqual([{ permission: 'docs:purge' }]);
    expect(report.idle_roles).toEqual([{ organization: null, role: 'ghost' }]);
    expect(report.redundant_grants).toEqual([
      { organization: 'Acme', subject: { kind: 'membership', user: 'alice@acme.example' }, paths: [{ role: 'org-lead' }, { role: 'viewer' }], permissions: ['docs:view'] },
    ]);
    expect(report.widest_subjects).toContainEqual({ organization: 'Acme', subject: { kind: 'directory_group', name: 'Readers' }, roles: ['viewer'], permission_count: 1, permissions: ['docs:view'] });
  });
});
