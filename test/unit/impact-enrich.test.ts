/**
 * `impact --enrich` on directory groups: a change of a directory group mapping counts the active
 * directory users in the organization's groups of that name or IdP id, now, on a real local
 * control plane (directories seeded as the SCIM endpoints commit them: test/helpers/directory-seed.ts);
 * limited to the mapping's directory when it names one; no count (and no failure) for an
 * organization without directories or a target without Directory Sync.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkosClient } from '../../src/client';
import { startControlPlane, type ControlPlane } from '../../src/control-plane';
import { enrichReport } from '../../src/impact/enrich';
import { computeImpact } from '../../src/impact/impact';
import { renderMarkdown } from '../../src/impact/render';
import { createDirectory, reopenWithDirectory } from '../helpers/directory-seed';

const KEY = 'sk_test_enrich_0123456789';

interface Res { address: string; type: string; values: Record<string, unknown> }

/** A plan document as `terraform show -json` prints it: `before` is the prior state, `after` what is planned (same addresses). */
function planOf(before: Res[], after: Res[]) {
  const prior = new Map(before.map((r) => [r.address, r]));
  return {
    format_version: '1.2',
    prior_state: { values: { root_module: { resources: before.map((r) => ({ ...r, mode: 'managed' })) } } },
    resource_changes: after.map((r) => {
      const b = prior.get(r.address);
      const same = b !== undefined && JSON.stringify(b.values) === JSON.stringify(r.values);
      return { address: r.address, mode: 'managed', type: r.type, change: { actions: [same ? 'no-op' : b ? 'update' : 'create'], before: b?.values ?? null, after: r.values, after_unknown: {} } };
    }),
  };
}

/** Acme and Globex with roles developer < admin; the mappings given; a plan moving them from developer to admin. */
function mappingPlan(orgs: { acme: string; globex: string }, mappings: Array<{ name: string; org: 'acme' | 'globex'; group: string; directory_id?: string }>) {
  const common: Res[] = [
    { address: 'workos_organization.acme', type: 'workos_organization', values: { id: orgs.acme, name: 'Acme' } },
    { address: 'workos_organization.globex', type: 'workos_organization', values: { id: orgs.globex, name: 'Globex' } },
    { address: 'workos_role.developer', type: 'workos_role', values: { id: 'role_dev', slug: 'developer', permissions: ['code:push'] } },
    { address: 'workos_role.admin', type: 'workos_role', values: { id: 'role_admin', slug: 'admin', permissions: ['code:push', 'billing:manage'] } },
  ];
  const mapping = (roles: string[]) =>
    mappings.map((m): Res => ({
      address: `workos_directory_group_mapping.${m.name}`,
      type: 'workos_directory_group_mapping',
      values: { id: `rm_${m.name}`, organization_id: orgs[m.org], group: m.group, roles, ...(m.directory_id ? { directory_id: m.directory_id } : {}) },
    }));
  return planOf([...common, ...mapping(['developer'])], [...common, ...mapping(['admin'])]);
}

describe('impact --enrich: members of directory groups', () => {
  let plane: ControlPlane;
  let dataDir: string;
  let client: WorkosClient;
  const orgs = { acme: '', globex: '' };
  let okta = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-enrich-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: () => {} });
    client = new WorkosClient({ baseUrl: plane.url, apiKey: KEY });
    // GIVEN Acme with two directories (Globex has none)
    orgs.acme = (await client.organizations.create({ name: 'Acme' })).id;
    orgs.globex = (await client.organizations.create({ name: 'Globex' })).id;
    okta = await createDirectory(plane.url, KEY, orgs.acme, 'Okta');
    const entra = await createDirectory(plane.url, KEY, orgs.acme, 'Entra ID');
    // AND in Okta, "Engineering" (IdP id 00gEng) holds Alice and Bob, and deactivated Carol
    ({ plane } = await reopenWithDirectory(plane, { dataDir, apiKey: KEY }, okta, {
      users: [{ email: 'alice@acme.example' }, { email: 'bob@acme.example' }, { email: 'carol@acme.example', active: false }],
      groups: [{ name: 'Engineering', idpId: '00gEng', members: ['alice@acme.example', 'bob@acme.example', 'carol@acme.example'] }],
    }));
    // AND in Entra ID, a group of the same name holds Dave
    ({ plane } = await reopenWithDirectory(plane, { dataDir, apiKey: KEY }, entra, {
      users: [{ email: 'dave@acme.example' }],
      groups: [{ name: 'Engineering', members: ['dave@acme.example'] }],
    }));
  });
  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a mapping of any directory counts the active members of every group of that name; Markdown says so', async () => {
    const doc = mappingPlan(orgs, [{ name: 'eng', org: 'acme', group: 'Engineering' }]);
    const report = await enrichReport(computeImpact(doc), doc, client);
    expect(report.changes).toEqual([
      { organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, roles: { before: ['developer'], after: ['admin'] }, permissions: { gained: ['billing:manage'], lost: [] }, members: 3 },
    ]);
    expect(renderMarkdown(report)).toContain('| directory group "Engineering" (3 active members now) | `developer` | `admin` | `billing:manage` | — |');
  });

  test("a mapping limited to one directory counts only that directory's group; a group is found by its IdP id too", async () => {
    const doc = mappingPlan(orgs, [
      { name: 'eng', org: 'acme', group: 'Engineering', directory_id: okta },
      { name: 'eng_by_id', org: 'acme', group: '00gEng' },
    ]);
    const report = await enrichReport(computeImpact(doc), doc, client);
    expect(report.changes.map((c) => [c.subject.name, (c as { members?: number }).members])).toEqual([
      ['Engineering', 2],
      ['00gEng', 2],
    ]);
  });

  test('a group no directory has: 0 members; an organization without directories: no count', async () => {
    const doc = mappingPlan(orgs, [
      { name: 'design', org: 'acme', group: 'Design' },
      { name: 'globex_eng', org: 'globex', group: 'Engineering' },
    ]);
    const report = await enrichReport(computeImpact(doc), doc, client);
    expect(report.changes.map((c) => [c.organization, c.subject.name, (c as { members?: number }).members])).toEqual([
      ['Acme', 'Design', 0],
      ['Globex', 'Engineering', undefined],
    ]);
    expect(report.changes[1]).not.toHaveProperty('members');
    expect(renderMarkdown(report)).toContain('| directory group "Engineering" | `developer` | `admin` |');
  });

  test('a target without Directory Sync (404 on /directories): no count, no failure', async () => {
    const server = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const bare = new WorkosClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: KEY, maxRetries: 0 });
      const doc = mappingPlan(orgs, [{ name: 'eng', org: 'acme', group: 'Engineering' }]);
      const report = await enrichReport(computeImpact(doc), doc, bare);
      expect(report.changes).toHaveLength(1);
      expect(report.changes[0]).not.toHaveProperty('members');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
