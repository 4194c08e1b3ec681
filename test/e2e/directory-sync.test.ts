/**
 * Directory sync with terraform in the loop: the mappings come from plain HCL through the real
 * `terraform` CLI, the users and groups from an IdP over SCIM. A directory group mapping that
 * terraform creates, changes or destroys re-resolves the members the directory already pushed
 * (README, "Directory sync (SCIM) in the local control plane").
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { createDirectory, pushGroup, pushUser, type DirectoryFixture } from '../helpers/scim';
import { PROVIDER_HCL } from '../helpers/terraform';

const base = `${PROVIDER_HCL}
variable "directory_id" {
  type    = string
  default = ""
}

resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_role" "developer" {
  slug = "developer"
  name = "Developer"
}

resource "workos_role" "designer" {
  slug = "designer"
  name = "Designer"
}
`;

const mapping = (role: string) => `
resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  directory_id    = var.directory_id
  group           = "Engineering"
  roles           = [workos_role.${role}.slug]
}
`;

describe('directory group mappings applied by terraform re-resolve pushed members', () => {
  const target = useControlPlaneWorkspace({ apiKey: 'sk_test_e2e_directory_sync_0123456789' });
  let d: DirectoryFixture;

  const membership = async () => {
    const r = await d.api('GET', `/user_management/organization_memberships?organization_id=${d.organizationId}`);
    expect(r.json.data).toHaveLength(1);
    return r.json.data[0];
  };
  const roles = async () => (await membership()).roles.map((r: { slug: string }) => r.slug);

  test('an organization from terraform gets a directory; the IdP pushes a member of Engineering, who has the default role', async () => {
    target.ws.write({ 'main.tf': base });
    await target.ws.init();
    await target.ws.apply();
    const organizationId = target.ws.state().resources.find((r) => r.type === 'workos_organization')!.instances[0].attributes.id as string;
    d = await createDirectory(target.url, target.apiKey, { organizationId, type: 'okta scim v2.0' });
    const alice = await pushUser(d, 'alice@acme.test');
    await pushGroup(d, 'Engineering', [alice]);
    expect(await roles()).toEqual(['member']);
  });

  test('terraform creates the mapping (limited to this directory) → developer; changes it → designer; destroys it → member', async () => {
    target.ws.write({ 'main.tf': base + mapping('developer'), 'terraform.tfvars': `directory_id = "${d.directoryId}"\n` });
    await target.ws.apply();
    expect(await roles()).toEqual(['developer']);
    expect((await membership()).role_sources).toEqual([{ role: 'developer', source: 'directory', mapping: 'directory group "Engineering" → developer', rule: expect.any(String) }]);

    target.ws.write({ 'main.tf': base + mapping('designer') });
    expect((await target.ws.plan()).changes).toEqual({ 'workos_directory_group_mapping.engineering': ['update'] });
    await target.ws.apply();
    expect(await roles()).toEqual(['designer']);

    target.ws.write({ 'main.tf': base });
    await target.ws.apply();
    expect(await roles()).toEqual(['member']);

    const events = await d.api('GET', `/events?events=organization_membership.updated&organization_id=${d.organizationId}&order=asc`);
    expect(events.json.data.map((e: { data: { role_change: { roles: string[]; cause: string } } }) => [e.data.role_change.roles, e.data.role_change.cause])).toEqual([
      [['developer'], 'directory group mapping "Engineering" created'],
      [['designer'], 'directory group mapping "Engineering" changed'],
      [['member'], 'directory group mapping "Engineering" deleted'],
    ]);
  });
});
