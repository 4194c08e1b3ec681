/**
 * workos_resource_type, workos_resource and workos_resource_assignment through the real
 * terraform CLI, plain HCL, against the local control plane: create → empty plan → in-place
 * updates (name, parent_types, parent_id) → out-of-band changes detected → import → a type
 * cycle rejected at plan → a resource with dependents refused until cascade_delete → invalid
 * resource references rejected → destroy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { type RoleAssignment } from '../../src/client';
import { PROVIDER_HCL } from '../helpers/terraform';
import { flat, collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_resources_0123456789';

interface Options {
  projectName?: string;
  projectParents?: string;
  workspaceParents?: string;
  apiParent?: string;
  apiName?: string;
  infraCascade?: boolean;
  withInfra?: boolean;
  extra?: string;
}

const config = (o: Options = {}) => `
${PROVIDER_HCL}
resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_user" "alice" {
  email = "alice@acme.test"
}

resource "workos_organization_membership" "alice" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.alice.id
}

resource "workos_role" "workspace_admin" {
  slug = "workspace-admin"
  name = "Workspace admin"
}

resource "workos_role" "project_editor" {
  slug = "project-editor"
  name = "Project editor"
}

resource "workos_resource_type" "team" {
  slug = "team"
  name = "Team"
}

resource "workos_resource_type" "workspace" {
  slug = "workspace"
  name = "Workspace"${o.workspaceParents ? `\n  parent_types = ${o.workspaceParents}` : ''}
}

resource "workos_resource_type" "project" {
  slug         = "project"
  name         = "${o.projectName ?? 'Project'}"
  parent_types = ${o.projectParents ?? '[workos_resource_type.workspace.slug]'}
}

resource "workos_resource" "platform" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.workspace.slug
  external_id        = "platform"
  name               = "Platform"
}
${
  o.withInfra === false
    ? ''
    : `
resource "workos_resource" "infra" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.workspace.slug
  external_id        = "infra"
  name               = "Infrastructure"${o.infraCascade ? '\n  cascade_delete     = true' : ''}
}
`
}
resource "workos_resource" "api" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.project.slug
  external_id        = "api-backend"
  name               = "${o.apiName ?? 'API Backend'}"
  description        = "The public API"
  parent_id          = ${o.apiParent ?? 'workos_resource.platform.id'}
}

resource "workos_resource_assignment" "alice_platform" {
  organization_membership_id = workos_organization_membership.alice.id
  role_slug                  = workos_role.workspace_admin.slug
  resource_id                = workos_resource.platform.id
}

resource "workos_resource_assignment" "alice_api" {
  organization_membership_id = workos_organization_membership.alice.id
  role_slug                  = workos_role.project_editor.slug
  resource_type_slug         = workos_resource.api.resource_type_slug
  resource_external_id       = workos_resource.api.external_id
}
${o.extra ?? ''}`;

describe('resource types, resources and resource assignments through terraform', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  const attrs = (type: string, name: string): Record<string, unknown> =>
    target.ws.state().resources.find((r) => r.type === type && r.name === name)!.instances[0].attributes;
  const idOf = (type: string, name: string): string => attrs(type, name).id as string;
  const assignments = async (): Promise<RoleAssignment[]> => collect(target.client.roleAssignments.list(idOf('workos_organization_membership', 'alice')));

  test('create, then a second plan is empty', async () => {
    target.ws.write({ 'main.tf': config() });
    await target.ws.init();
    await target.ws.apply();

    expect(await target.client.resourceTypes.get('project')).toMatchObject({ slug: 'project', name: 'Project', parentTypes: ['workspace'] });
    // A type's id is its slug, as the control plane identifies types.
    expect(attrs('workos_resource_type', 'workspace')).toMatchObject({ id: 'workspace', slug: 'workspace', parent_types: null });
    const platformId = idOf('workos_resource', 'platform');
    const api = await target.client.resources.get(idOf('workos_resource', 'api'));
    expect(api).toMatchObject({ externalId: 'api-backend', name: 'API Backend', resourceTypeSlug: 'project', parentResourceId: platformId });
    expect(attrs('workos_resource', 'api')).toMatchObject({ parent_id: platformId, cascade_delete: false, description: 'The public API' });

    // Both ways of naming the resource end with all three fields filled from the server.
    expect(attrs('workos_resource_assignment', 'alice_platform')).toMatchObject({
      resource_id: platformId,
      resource_type_slug: 'workspace',
      resource_external_id: 'platform',
      role_slug: 'workspace-admin',
    });
    expect(attrs('workos_resource_assignment', 'alice_api')).toMatchObject({
      resource_id: api.id,
      resource_type_slug: 'project',
      resource_external_id: 'api-backend',
      role_slug: 'project-editor',
    });
    expect((await assignments()).map((a) => `${a.roleSlug}@${a.resourceExternalId}`).sort()).toEqual(['project-editor@api-backend', 'workspace-admin@platform']);

    const second = await target.ws.plan();
    expect(second.changes).toEqual({});
    expect(second.text).toMatch(/workos_resource_type\.project: Refreshing state\.\.\. \[id=project\]/);
  });

  test('type name and parent_types, resource name and parent change in place', async () => {
    const apiId = idOf('workos_resource', 'api');
    target.ws.write({
      'main.tf': config({
        projectName: 'Software project',
        projectParents: '[workos_resource_type.workspace.slug, workos_resource_type.team.slug]',
        apiName: 'API',
        apiParent: 'workos_resource.infra.id',
      }),
    });
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_resource_type.project': ['update'], 'workos_resource.api': ['update'] });
    await target.ws.apply();

    expect(await target.client.resourceTypes.get('project')).toMatchObject({ name: 'Software project' });
    expect([...(await target.client.resourceTypes.get('project')).parentTypes].sort()).toEqual(['team', 'workspace']);
    expect(await target.client.resources.get(apiId)).toMatchObject({ id: apiId, name: 'API', parentResourceId: idOf('workos_resource', 'infra') });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('changes made directly through the API are detected on the next plan', async () => {
    const apiId = idOf('workos_resource', 'api');
    await target.client.resources.update(apiId, { name: 'Renamed out of band', parentResourceId: null });
    await target.client.resourceTypes.update('team', { name: 'Squad' });
    const apiAssignment = idOf('workos_resource_assignment', 'alice_api');
    await target.client.roleAssignments.delete(idOf('workos_organization_membership', 'alice'), apiAssignment);

    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({
      'workos_resource.api': ['update'],
      'workos_resource_type.team': ['update'],
      'workos_resource_assignment.alice_api': ['create'],
    });
    const api = json.resource_changes!.find((c) => c.address === 'workos_resource.api')!.change;
    expect(api.before).toMatchObject({ name: 'Renamed out of band', parent_id: null });
    await target.ws.apply();
    expect(await target.client.resources.get(apiId)).toMatchObject({ name: 'API', parentResourceId: idOf('workos_resource', 'infra') });
    expect((await target.client.resourceTypes.get('team')).name).toBe('Team');
    expect(await assignments()).toHaveLength(2);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('terraform import: types by slug, resources by id, assignments by membership/id; then the plan is empty', async () => {
    const membership = idOf('workos_organization_membership', 'alice');
    const imports = {
      'workos_resource_type.project': 'project',
      'workos_resource.api': idOf('workos_resource', 'api'),
      'workos_resource_assignment.alice_api': `${membership}/${idOf('workos_resource_assignment', 'alice_api')}`,
      'workos_resource_assignment.alice_platform': `${membership}/${idOf('workos_resource_assignment', 'alice_platform')}`,
    };
    await target.ws.must(['state', 'rm', ...Object.keys(imports)]);

    const malformed = await target.ws.tf(['import', '-input=false', 'workos_resource_assignment.alice_api', 'not-a-pair']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/<organization_membership_id>\/<assignment_id>/);

    for (const [address, id] of Object.entries(imports)) await target.ws.must(['import', '-input=false', address, id]);
    expect(attrs('workos_resource', 'api')).toMatchObject({ external_id: 'api-backend', name: 'API', cascade_delete: false });
    expect(attrs('workos_resource_assignment', 'alice_api')).toMatchObject({ resource_type_slug: 'project', resource_external_id: 'api-backend' });
    expect(attrs('workos_resource_type', 'project')).toMatchObject({ id: 'project', slug: 'project' });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('a type stored before types had an id gets it on refresh, with no change planned', async () => {
    // GIVEN state whose resource types lack the id attribute, as an older provider wrote it
    const pulled = JSON.parse((await target.ws.must(['state', 'pull'])).stdout) as { serial: number; resources: Array<{ type: string; instances: Array<{ attributes: Record<string, unknown> }> }> };
    for (const r of pulled.resources.filter((r) => r.type === 'workos_resource_type')) for (const i of r.instances) delete i.attributes.id;
    pulled.serial += 1;
    fs.writeFileSync(path.join(target.ws.dir, 'old.tfstate'), JSON.stringify(pulled));
    await target.ws.must(['state', 'push', 'old.tfstate']);
    expect(attrs('workos_resource_type', 'project').id).toBeUndefined();

    // WHEN terraform plans, then refreshes
    const { changes } = await target.ws.plan();
    await target.ws.must(['apply', '-refresh-only', '-auto-approve', '-input=false']);

    // THEN nothing was to change, and the state now has the ids
    expect(changes).toEqual({});
    expect(['team', 'workspace', 'project'].map((t) => attrs('workos_resource_type', t).id)).toEqual(['team', 'workspace', 'project']);
  });

  test('a resource type cycle is rejected at plan, naming parent_types, and nothing changes', async () => {
    const before = await collect(target.client.resourceTypes.list());
    const current = { projectName: 'Software project', projectParents: '[workos_resource_type.workspace.slug, workos_resource_type.team.slug]', apiName: 'API', apiParent: 'workos_resource.infra.id' };

    // workspace under project, while project is already under workspace on the server.
    target.ws.write({ 'main.tf': config({ ...current, workspaceParents: '["project"]' }) });
    const plan = await target.ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    expect(flat(plan.stderr)).toMatch(/Resource types would form a cycle/);
    expect(flat(plan.stderr)).toMatch(/"workspace" → "project" → "workspace"/);
    expect(flat(plan.stderr)).toMatch(/\d+: parent_types = \["project"\]/); // the diagnostic points at parent_types
    const apply = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    expect(await collect(target.client.resourceTypes.list())).toEqual(before);

    // A type under itself is caught by validate already.
    target.ws.write({ 'main.tf': config({ ...current, workspaceParents: '["workspace"]' }) });
    const validate = await target.ws.tf(['validate']);
    expect(validate.code).toBe(1);
    expect(flat(validate.stderr)).toMatch(/Resource type "workspace" cannot be its own parent/);
    expect(flat(validate.stderr)).toMatch(/\d+: parent_types = \["workspace"\]/);
    expect(await collect(target.client.resourceTypes.list())).toEqual(before);

    target.ws.write({ 'main.tf': config(current) });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('a resource with dependents is not deleted without cascade_delete; with it, it is, children and assignments too', async () => {
    const current = { projectName: 'Software project', projectParents: '[workos_resource_type.workspace.slug, workos_resource_type.team.slug]', apiName: 'API' };
    // Move the api project back under platform, so infra's only dependents are made out of band.
    target.ws.write({ 'main.tf': config({ ...current, apiParent: 'workos_resource.platform.id' }) });
    await target.ws.apply();
    const infraId = idOf('workos_resource', 'infra');
    const child = await target.client.resources.create({ organizationId: idOf('workos_organization', 'acme'), resourceTypeSlug: 'project', externalId: 'terraform-modules', name: 'Terraform modules', parentResourceId: infraId });
    const membership = idOf('workos_organization_membership', 'alice');
    const onChild = await target.client.roleAssignments.create(membership, { roleSlug: 'project-editor', resourceId: child.id });

    target.ws.write({ 'main.tf': config({ ...current, apiParent: 'workos_resource.platform.id', withInfra: false }) });
    const refused = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(refused.code).toBe(1);
    expect(flat(refused.stderr)).toMatch(/Resource "Infrastructure" still has child resources or role assignments/);
    expect(flat(refused.stderr)).toMatch(/set cascade_delete = true on this resource/);
    expect(flat(refused.stderr)).toMatch(/has 1 child resource\(s\)/); // what depends on it
    expect(flat(refused.stderr)).toMatch(/together with all its descendant resources and every role assignment on them/);
    expect(await target.client.resources.get(infraId)).toMatchObject({ id: infraId });

    // Opt in (an in-place change of provider settings only), then remove it.
    target.ws.write({ 'main.tf': config({ ...current, apiParent: 'workos_resource.platform.id', infraCascade: true }) });
    expect((await target.ws.plan()).changes).toEqual({ 'workos_resource.infra': ['update'] });
    await target.ws.apply();
    target.ws.write({ 'main.tf': config({ ...current, apiParent: 'workos_resource.platform.id', withInfra: false }) });
    await target.ws.apply();
    await expect(target.client.resources.get(infraId)).rejects.toMatchObject({ status: 404 });
    await expect(target.client.resources.get(child.id)).rejects.toMatchObject({ status: 404 });
    expect((await assignments()).map((a) => a.id)).not.toContain(onChild.id);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('a resource assignment must name its resource exactly one way, and the diagnostic names the attribute', async () => {
    const current = { projectName: 'Software project', projectParents: '[workos_resource_type.workspace.slug, workos_resource_type.team.slug]', apiName: 'API', apiParent: 'workos_resource.platform.id', withInfra: false };
    const assignment = (refs: string) => `
resource "workos_resource_assignment" "bad" {
  organization_membership_id = workos_organization_membership.alice.id
  role_slug                  = "project-editor"
${refs}
}
`;
    const cases: Array<[string, RegExp]> = [
      ['', /Missing resource reference: set resource_id, or resource_type_slug and resource_external_id/],
      // A literal: `terraform validate` sees references as unknown, and unknowns are judged later.
      ['  resource_id = "authz_resource_01PLATFORM"\n  resource_type_slug = "workspace"', /Conflicting resource references .*\d+: resource_type_slug = "workspace"/],
      ['  resource_external_id = "platform"', /resource_external_id needs resource_type_slug .*Name the resource one way/],
    ];
    for (const [refs, message] of cases) {
      target.ws.write({ 'main.tf': config({ ...current, extra: assignment(refs) }) });
      const validate = await target.ws.tf(['validate']);
      expect(validate.code).toBe(1);
      expect(flat(validate.stderr)).toMatch(message);
    }
    target.ws.write({ 'main.tf': config(current) });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('destroy removes everything on the server', async () => {
    const org = idOf('workos_organization', 'acme');
    const ids = ['platform', 'api'].map((n) => idOf('workos_resource', n));
    await target.ws.must(['destroy', '-auto-approve', '-input=false']);
    for (const id of ids) await expect(target.client.resources.get(id)).rejects.toMatchObject({ status: 404 });
    expect(await collect(target.client.resourceTypes.list())).toEqual([]);
    await expect(target.client.organizations.get(org)).rejects.toMatchObject({ status: 404 });
  });
});
