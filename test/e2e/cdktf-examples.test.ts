/**
 * The idp-mappings and resource-access cdktf apps through `cdktf deploy` against the local
 * control plane: the outputs show the resolved roles and access decisions the examples
 * promise, and a second `cdktf diff` shows no changes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useControlPlane } from '../helpers/control-plane';
import { installedCliConfig, ROOT, runCommand } from '../helpers/terraform';

const API_KEY = 'sk_test_cdktf_examples_0123456789';

type Outputs = Record<string, unknown>;

describe.each([['idp-mappings'], ['resource-access']])('cdktf deploy of examples/%s', (example) => {
  const target = useControlPlane({ apiKey: API_KEY });
  let stackDir: string;

  beforeAll(async () => {
    stackDir = fs.mkdtempSync(path.join(os.tmpdir(), `workos-rbac-cdktf-${example}-`));
    const app = path.join(ROOT, 'dist', 'examples', example, 'main.js');
    if (!fs.existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` (npm test does it).`);
    fs.writeFileSync(path.join(stackDir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(app)}`, projectId: `workos-rbac-e2e-${example}`, sendCrashReports: 'false' }));
  });

  afterAll(async () => {
    if (stackDir) fs.rmSync(stackDir, { recursive: true, force: true });
  });

  const cdktf = async (args: string[]) => {
    const r = await runCommand(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), args, {
      cwd: stackDir,
      env: { ...process.env, CI: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: installedCliConfig(), WORKOS_BASE_URL: target.url, WORKOS_API_KEY: API_KEY },
    });
    const out = `${r.stdout}\n${r.stderr}`;
    if (r.code !== 0) throw new Error(`cdktf ${args.join(' ')} exited ${r.code}\n${out}`);
    return out;
  };

  /** Terraform's own view of the outputs, from the stack's state. */
  const outputs = async (): Promise<Outputs> => {
    const r = await runCommand('terraform', ['output', '-json'], {
      cwd: path.join(stackDir, 'cdktf.out', 'stacks', example),
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: installedCliConfig() },
    });
    if (r.code !== 0) throw new Error(`terraform output exited ${r.code}\n${r.stderr}`);
    return Object.fromEntries(Object.entries(JSON.parse(r.stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
  };

  test('deploy shows the promised outputs, and a second diff shows no changes', async () => {
    // GIVEN a fresh control plane WHEN the example is deployed
    const deploy = await cdktf(['deploy', example, '--auto-approve']);
    expect(deploy).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    expect(deploy).not.toContain(API_KEY);

    // THEN the outputs say what the example promises
    const out = await outputs();
    if (example === 'idp-mappings') {
      // Acme: multiple-roles mode keeps every mapped role.
      expect([...(out.acme_engineer_designer_roles as string[])].sort()).toEqual(['designer', 'developer']);
      // Globex: single-role mode keeps only the highest-priority role.
      expect(out.globex_admin_staff_roles).toEqual(['org-admin']);
      expect(out.globex_unmapped_roles).toEqual(['org-member']);
      expect((out.globex_admin_staff_reasons as string[]).join('\n')).toMatch(/org-admin/);

      // Playing Acme's IdP against the deployed directory: roles follow the groups at once.
      const idp = await runCommand(process.execPath, [path.join(ROOT, 'examples', 'idp-mappings', 'idp.mjs')], {
        cwd: stackDir,
        env: { ...process.env, SCIM_ENDPOINT: String(out.acme_scim_endpoint), SCIM_TOKEN: String(out.acme_scim_token), WORKOS_BASE_URL: target.url, WORKOS_API_KEY: API_KEY },
      });
      expect(idp.stderr).toBe('');
      expect(idp.code).toBe(0);
      // Each step prints a row per member: email, membership status, roles, why. Acme's priority
      // order of developer and designer depends on the deploy order (the snapshot rule), so the
      // roles are compared as sets.
      const steps = idp.stdout.trim().split('\n\n').map((block) =>
        block
          .split('\n')
          .slice(1)
          .map((row) => {
            const [email, status, roles] = row.trim().split(/\s{2,}|(?<=active|inactive)\s+/);
            return `${email} ${status} ${roles.split(', ').sort().join(',')}`;
          }),
      );
      expect(steps).toEqual([
        ['alice@acme.test active member', 'bob@acme.test active member'],
        ['alice@acme.test active developer', 'bob@acme.test active member'],
        ['alice@acme.test active designer,developer', 'bob@acme.test active designer'],
        ['alice@acme.test active designer', 'bob@acme.test active designer'],
        ['alice@acme.test active designer', 'bob@acme.test inactive (none)'],
      ]);
      expect(idp.stdout).toContain('directory group "Engineering" → developer');
    } else {
      expect(out.engineering_roles).toEqual(['org-member']);
      expect(out.alice_roles).toEqual(['org-member']);
      expect(out.alice_can_edit_api_backend).toBe(true);
      expect(out.alice_can_manage_platform).toBe(true);
      expect(out.alice_can_view_website).toBe(true);
      expect(out.alice_can_edit_website).toBe(false);
      expect(String(out.alice_can_edit_api_backend_reason)).not.toBe('');
    }

    // AND deploying again would change nothing
    const diff = await cdktf(['diff', example]);
    expect(diff).toMatch(/No changes/);
  });
});
