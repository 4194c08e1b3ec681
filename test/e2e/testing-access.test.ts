/**
 * `cdktf-workos-rbac/testing` agrees with the control plane: each example is deployed with
 * `cdktf deploy`, and every `workos_effective_roles` and `workos_access_check` data source of
 * the deployed stack is answered offline by AccessModel from the synthesized stack. The
 * answers must equal the deployed data sources' values.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { AccessModel } from '../../constructs/testing';
import { IdpMappingsStack } from '../../examples/idp-mappings/stack';
import { ResourceAccessStack } from '../../examples/resource-access/stack';
import { useControlPlane } from '../helpers/control-plane';
import { newObjectKey } from '../../src/impact/sources';
import { installedCliConfig, ROOT, runCommand } from '../helpers/terraform';

const API_KEY = 'sk_test_testing_access_0123456789';

interface StateResource {
  mode: string;
  type: string;
  address: string;
  values: Record<string, unknown>;
}

/** `${workos_organization.acme_1234.id}` → the model's key of that object. */
const keyOfToken = (v: unknown): string | undefined => {
  const m = typeof v === 'string' ? /^\$\{([a-z_]+\.[A-Za-z0-9_-]+)\.id\}$/.exec(v) : null;
  return m ? newObjectKey(m[1]!) : undefined;
};

describe.each([
  ['idp-mappings', (app: ReturnType<typeof Testing.app>) => new IdpMappingsStack(app, 'idp-mappings')],
  ['resource-access', (app: ReturnType<typeof Testing.app>) => new ResourceAccessStack(app, 'resource-access')],
])('AccessModel agrees with the deployed data sources of examples/%s', (example, makeStack) => {
  const target = useControlPlane({ apiKey: API_KEY });
  let stackDir: string;

  beforeAll(async () => {
    stackDir = fs.mkdtempSync(path.join(os.tmpdir(), `workos-rbac-testing-${example}-`));
    const app = path.join(ROOT, 'dist', 'examples', example, 'main.js');
    if (!fs.existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` (npm test does it).`);
    fs.writeFileSync(path.join(stackDir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(app)}`, projectId: `workos-rbac-e2e-testing-${example}`, sendCrashReports: 'false' }));
  });
  afterAll(async () => {
    if (stackDir) fs.rmSync(stackDir, { recursive: true, force: true });
  });

  test('every effective-roles and access-check answer matches', async () => {
    const env = { ...process.env, CI: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: installedCliConfig(), WORKOS_BASE_URL: target.url, WORKOS_API_KEY: API_KEY };
    // GIVEN the example deployed
    const deploy = await runCommand(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), ['deploy', example, '--auto-approve', '--skip-provider-lock'], { cwd: stackDir, env });
    if (deploy.code !== 0) throw new Error(`cdktf deploy exited ${deploy.code}\n${deploy.stdout}\n${deploy.stderr}`);
    const show = await runCommand('terraform', ['show', '-json'], { cwd: path.join(stackDir, 'cdktf.out', 'stacks', example), env });
    if (show.code !== 0) throw new Error(`terraform show exited ${show.code}\n${show.stderr}`);
    const deployed = (JSON.parse(show.stdout) as { values: { root_module: { resources: StateResource[] } } }).values.root_module.resources.filter((r) => r.mode === 'data');

    // WHEN the same stack is modelled offline
    const synth = JSON.parse(Testing.synth(makeStack(Testing.app()))) as { data: Record<string, Record<string, Record<string, unknown>>>; resource: Record<string, Record<string, Record<string, unknown>>> };
    /** A data source input as the stack sets it: `${workos_permission.x.slug}` → that slug. */
    const plain = (v: unknown): string => {
      const m = typeof v === 'string' ? /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(v) : null;
      return m ? plain(synth.resource[m[1]!]![m[2]!]![m[3]!]) : String(v);
    };
    const model = AccessModel.fromSynthesized(synth);
    const orgName = (key: string | undefined) => model.topology.organizations.get(key ?? '')?.name ?? '(environment)';

    // THEN every data source's deployed value is the model's answer
    let compared = 0;
    for (const [type, byName] of Object.entries(synth.data)) {
      for (const [name, input] of Object.entries(byName)) {
        const actual = deployed.find((r) => r.address === `data.${type}.${name}`);
        if (!actual) throw new Error(`data.${type}.${name} is not in the deployed state`);
        if (type === 'workos_effective_roles') {
          const facts = { directoryGroups: input.directory_groups as string[] | undefined, ssoGroups: input.sso_groups as string[] | undefined, attributes: input.attributes as Record<string, string> | undefined };
          // As sets: roles no RolePolicy orders rank by creation time on the target, which
          // depends on terraform's parallelism; the model lists them in definition order.
          const roles = model.rolesFor(orgName(keyOfToken(input.organization_id)), facts);
          expect({ name, roles: [...roles].sort() }).toEqual({ name, roles: [...(actual.values.roles as string[])].sort() });
          compared++;
        } else if (type === 'workos_access_check') {
          const membership = model.topology.memberships.get(keyOfToken(input.organization_membership_id)!)!;
          const resourceKey = keyOfToken(input.resource_id);
          const resource = resourceKey ? model.topology.resources.get(resourceKey)! : { type: plain(input.resource_type_slug), externalId: plain(input.resource_external_id) };
          const decision = model.check({ organization: orgName(membership.organization), user: membership.user }, plain(input.permission_slug), { type: resource.type, externalId: resource.externalId });
          expect({ name, allowed: decision.allowed }).toEqual({ name, allowed: actual.values.allowed });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });
});
