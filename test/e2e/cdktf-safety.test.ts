/**
 * cdktf stacks that never deploy wrong access by ordering or renaming, synthesized in this
 * process and applied with the real terraform CLI against the local control plane:
 *  - the ordering case: an environment RolePolicy (admin > editor > viewer, default viewer) and
 *    an organization with a custom role but no policy of its own. The organization copies the
 *    environment policy at its first custom role; that role waits for the policy, so the
 *    copy is the stack's and the previews show the intended roles (synth warns about the copy);
 *  - removing the first of two `assignRole`s plans exactly one delete: the other assignment keeps
 *    its address and its WorkOS object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { DataWorkosEffectiveRoles, Organization, Permission, Resource, ResourceType, Role, RolePolicy, User, WorkosProvider } from '../../constructs';
import { useControlPlane } from '../helpers/control-plane';
import { collect } from '../helpers/fixtures';
import { Workspace } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_cdktf_safety_0123456789';

/** Synthesizes one stack with cdktf (validations included) into `ws` as cdk.tf.json; returns the warnings synth attached. */
function synthInto(ws: Workspace, build: (stack: TerraformStack) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-synth-'));
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'safety');
    new WorkosProvider(stack, 'workos');
    build(stack);
    // Synthesize where terraform will run: with the provider installed (else synth warns).
    const before = process.env.TF_CLI_CONFIG_FILE;
    process.env.TF_CLI_CONFIG_FILE = ws.env().TF_CLI_CONFIG_FILE;
    try {
      app.synth();
    } finally {
      process.env.TF_CLI_CONFIG_FILE = before;
    }
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'safety', 'cdk.tf.json'), 'utf8'));
    delete json.terraform.backend; // state next to the configuration, in the workspace
    ws.write({ 'cdk.tf.json': JSON.stringify(json, null, 2) });
    return stack.node
      .findAll()
      .flatMap((c: IConstruct) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `[${c.node.path}] ${String(m.data)}`));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('cdktf stacks and ordering', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  const workspaces: Workspace[] = [];
  const workspace = (): Workspace => {
    const ws = new Workspace(target.url, API_KEY);
    workspaces.push(ws);
    return ws;
  };
  const outputs = async (ws: Workspace): Promise<Record<string, unknown>> =>
    Object.fromEntries(Object.entries(JSON.parse((await ws.must(['output', '-json'])).stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));

  afterAll(async () => {
    for (const ws of workspaces) ws.cleanup();
  });

  test('an environment RolePolicy and an organization with a custom role: deployed, the organization resolves the intended roles', async () => {
    // GIVEN roles viewer < editor < admin, the environment policy of the stack, and Globex with a custom role and mappings
    const ws = workspace();
    const warnings = synthInto(ws, (stack) => {
      // Roles with permissions, as in a real stack: the policy is two steps from the start, the organization's role one.
      const view = new Permission(stack, 'projects-view', { slug: 'projects:view', name: 'View projects' });
      const edit = new Permission(stack, 'projects-edit', { slug: 'projects:edit', name: 'Edit projects' });
      const remove = new Permission(stack, 'projects-delete', { slug: 'projects:delete', name: 'Delete projects' });
      const viewer = new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer', permissions: [view] });
      const editor = new Role(stack, 'editor', { slug: 'editor', name: 'Editor', permissions: [view, edit] });
      const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin', permissions: [view, edit, remove] });
      new RolePolicy(stack, 'environment-policy', { priority: [admin, editor, viewer], defaultRole: viewer, multipleRoles: false });
      const globex = new Organization(stack, 'globex', { name: 'Globex' });
      globex.addRole('org-auditor', { name: 'Auditor' });
      globex.mapDirectoryGroup('Admins', [admin]);
      globex.mapDirectoryGroup('Engineering', [editor]);
      const preview = (name: string, directoryGroups: string[]) =>
        new TerraformOutput(stack, name, { value: new DataWorkosEffectiveRoles(stack, `${name}-preview`, { organization: globex, directoryGroups }).roles });
      preview('admins_and_engineers', ['Admins', 'Engineering']);
      preview('engineers', ['Engineering']);
      preview('unmapped', ['Visitors']);
    });
    // THEN synth names the organization and the snapshot rule
    expect(warnings).toEqual([expect.stringMatching(/^\[safety\/globex-org-auditor\] Organization safety\/globex has custom roles but no role policy of its own: .*copied from the environment's policy when that role is created \(after safety\/environment-policy, which the role waits for\)/)]);

    // WHEN deployed with terraform
    await ws.init();
    await ws.apply();

    // THEN the organization copied the stack's environment policy, and the previews show the intended roles
    const globexId = (await collect(target.client.organizations.list())).find((o) => o.name === 'Globex')!.id;
    const policy = await target.client.rolePolicy.get(globexId);
    expect(policy).toMatchObject({ defaultRole: 'viewer', multipleRoles: false });
    expect(policy.priority.slice(0, 3)).toEqual(['admin', 'editor', 'viewer']);
    expect(await outputs(ws)).toEqual({ admins_and_engineers: ['admin'], engineers: ['editor'], unmapped: ['viewer'] });
    // AND nothing is left to change
    expect((await ws.plan()).changes).toEqual({});
  });

  test('removing the first assignRole plans one delete; the other assignment keeps its address and its WorkOS object', async () => {
    const ws = workspace();
    const stack = (withFirst: boolean) => (s: TerraformStack) => {
      const acme = new Organization(s, 'acme', { name: 'Acme Assignments' });
      const workspaceType = new ResourceType(s, 'workspace', { slug: 'workspace', name: 'Workspace' });
      const projectType = new ResourceType(s, 'project', { slug: 'project', name: 'Project', parentTypes: [workspaceType] });
      const platform = new Resource(s, 'platform', { organization: acme, type: workspaceType, externalId: 'platform', name: 'Platform' });
      const api = new Resource(s, 'api-backend', { organization: acme, type: projectType, externalId: 'api-backend', name: 'API Backend', parent: platform });
      const workspaceAdmin = new Role(s, 'workspace-admin', { slug: 'workspace-admin', name: 'Workspace admin' });
      const projectEditor = new Role(s, 'project-editor', { slug: 'project-editor', name: 'Project editor' });
      const alice = acme.addMember(new User(s, 'alice', { email: 'alice.assignments@example.com' }), [workspaceAdmin], 'alice');
      if (withFirst) alice.assignRole(projectEditor, api);
      alice.assignRole(workspaceAdmin, platform);
    };

    // GIVEN Alice with project-editor on API Backend and workspace-admin on Platform, deployed
    synthInto(ws, stack(true));
    await ws.init();
    await ws.apply();
    const membershipId = ws.state().resources.find((r) => r.type === 'workos_organization_membership')!.instances[0].attributes.id as string;
    const before = await collect(target.client.roleAssignments.list(membershipId));
    const platformAdmin = before.find((a) => a.roleSlug === 'workspace-admin')!;
    expect(before.map((a) => a.roleSlug).sort()).toEqual(['project-editor', 'workspace-admin']);

    // WHEN the first assignRole is removed
    synthInto(ws, stack(false));
    const { changes } = await ws.plan();

    // THEN the plan deletes exactly that assignment, and nothing else
    expect(changes).toEqual({ 'workos_resource_assignment.acme-member-alice-project-editor-on-api-backend': ['delete'] });
    await ws.apply();
    expect(await collect(target.client.roleAssignments.list(membershipId))).toEqual([expect.objectContaining({ id: platformAdmin.id, roleSlug: 'workspace-admin' })]);
  });
});
