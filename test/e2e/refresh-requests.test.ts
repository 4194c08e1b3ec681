/**
 * Requests per refresh through the real terraform CLI (README, "Requests per refresh"): GIVEN a
 * mixed topology of 311 objects across 2 organizations, WHEN terraform plans with nothing to
 * change, THEN the refresh sends one listing per kind and scope (plus one GET each), not one
 * request per object; AND out-of-band changes are still seen through the listings: a renamed
 * permission is planned for update, a deleted organization role for create.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { REQUIRED_PROVIDERS } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_refresh_requests_0123456789';

const PERMISSIONS = 200;
const ROLES = 20;
const MEMBERS = 20;

const config = `${REQUIRED_PROVIDERS}
provider "workos" {
  requests_per_second = 1000
}

resource "workos_permission" "p" {
  count = ${PERMISSIONS}
  slug  = "docs:p\${count.index}"
  name  = "Permission \${count.index}"
}

resource "workos_role" "r" {
  count       = ${ROLES}
  slug        = "role-\${count.index}"
  name        = "Role \${count.index}"
  permissions = [workos_permission.p[count.index].slug, workos_permission.p[count.index + ${ROLES}].slug]
}

resource "workos_organization" "o" {
  count = 2
  name  = "Org \${count.index}"
}

resource "workos_organization_role" "or" {
  count           = 4
  organization_id = workos_organization.o[count.index % 2].id
  slug            = "org-role-\${count.index}"
  name            = "Org role \${count.index}"
}

resource "workos_user" "u" {
  count = ${MEMBERS}
  email = "user\${count.index}@refresh.test"
}

resource "workos_organization_membership" "m" {
  count           = ${MEMBERS}
  organization_id = workos_organization.o[count.index % 2].id
  user_id         = workos_user.u[count.index].id
}

resource "workos_directory_group_mapping" "g" {
  count           = 4
  organization_id = workos_organization.o[count.index % 2].id
  group           = "Group \${count.index}"
  roles           = [workos_role.r[count.index].slug]
}

resource "workos_resource_type" "space" {
  slug = "space"
  name = "Space"
}

resource "workos_resource" "s" {
  count              = ${MEMBERS}
  organization_id    = workos_organization.o[count.index % 2].id
  resource_type_slug = workos_resource_type.space.slug
  external_id        = "space-\${count.index}"
  name               = "Space \${count.index}"
}

# Two per membership, on the first 10 memberships.
resource "workos_resource_assignment" "a" {
  count                      = ${MEMBERS}
  organization_membership_id = workos_organization_membership.m[count.index % 10].id
  role_slug                  = workos_role.r[count.index % ${ROLES}].slug
  resource_id                = workos_resource.s[count.index].id
}
`;

const OBJECTS = PERMISSIONS + ROLES + 2 + 4 + MEMBERS * 2 + 4 + 1 + MEMBERS + MEMBERS;

describe('requests per refresh: one listing per kind and scope', () => {
  const requests: string[] = [];
  const target = useControlPlaneWorkspace({ apiKey: API_KEY, log: (line) => requests.push(line) });

  /** The requests a terraform command sent, as "METHOD /path". */
  async function counted(run: () => Promise<unknown>): Promise<string[]> {
    requests.length = 0;
    await run();
    return requests.map((line) => line.split(' ').slice(0, 2).join(' '));
  }

  test(`GIVEN ${OBJECTS} objects applied WHEN terraform plans with no change THEN the refresh sends 37 requests: one listing per kind and scope, not one request per object`, async () => {
    target.ws.write({ 'main.tf': config });
    await target.ws.init();
    await target.ws.apply();
    expect(target.ws.state().resources.flatMap((r) => r.instances)).toHaveLength(OBJECTS);

    const sent = await counted(() => target.ws.must(['plan', '-input=false', '-detailed-exitcode']));
    // Per scope: one GET (the first read) + its listing's pages. Environment: permissions (1 + 2
    // pages), roles, organizations, users (1 + 1 each), the resource type (1 GET only).
    // Per organization (2): roles, memberships, mappings, resources (1 + 1 each). Per membership
    // holding assignments (10): its listing. And the capabilities. Total 3 + 6 + 1 + 16 + 10 + 1.
    expect(sent.length).toBe(37);
    expect(sent.filter((r) => r.startsWith('GET /authorization/permissions/'))).toHaveLength(1);
    expect(sent.every((r) => r.startsWith('GET '))).toBe(true);
  });

  test('GIVEN a permission renamed and an organization role deleted out of band WHEN terraform plans THEN the listings show both: the permission updated, the role created', async () => {
    await target.client.permissions.update('docs:p7', { name: 'Renamed by hand' });
    const org1 = target.ws.state().resources.find((r) => r.name === 'o')!.instances[1].attributes.id as string;
    await target.client.organizationRoles.delete(org1, 'org-role-3');
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_permission.p[7]': ['update'], 'workos_organization_role.or[3]': ['create'] });
  });
});
