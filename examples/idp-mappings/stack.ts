import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { DataWorkosEffectiveRoles, Directory, Organization, Permission, Role, WorkosProvider } from '../../constructs';

/** See main.ts for what this example shows. */
export class IdpMappingsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new WorkosProvider(this, 'workos');

    const deploy = new Permission(this, 'deployments-create', { slug: 'deployments:create', name: 'Deploy' });
    const editDesigns = new Permission(this, 'designs-edit', { slug: 'designs:edit', name: 'Edit designs' });
    const developer = new Role(this, 'developer', { slug: 'developer', name: 'Developer', permissions: [deploy] });
    const designer = new Role(this, 'designer', { slug: 'designer', name: 'Designer', permissions: [editDesigns] });

    // Acme: directory groups → environment roles, every mapped role kept.
    const acme = new Organization(this, 'acme', { name: 'Acme', externalId: 'acme' });
    // A custom role gives Acme its own policy, independent of the environment's.
    acme.addRole('org-owner', { name: 'Owner', description: 'Acme account owners.', permissions: [deploy, editDesigns] });
    acme.setRolePolicy({ multipleRoles: true });
    // Acme's Okta pushes users and groups here over SCIM (examples/idp-mappings/idp.mjs plays it).
    const okta = new Directory(this, 'acme-okta', { organization: acme, name: 'Acme Okta', type: 'okta scim v2.0' });
    acme.mapDirectoryGroup('Engineering', [developer], { directory: okta });
    acme.mapDirectoryGroup('Design', [designer], { directory: okta });
    new TerraformOutput(this, 'acme_scim_endpoint', { description: 'What Acme\'s IdP admin pastes into Okta as the SCIM base URL.', value: okta.scimEndpoint });
    new TerraformOutput(this, 'acme_scim_token', { description: 'The SCIM bearer token for Okta.', value: okta.bearerToken, sensitive: true });

    // Globex: its own ladder, one role per member, roles from SSO groups.
    const globex = new Organization(this, 'globex', { name: 'Globex', externalId: 'globex' });
    const globexAdmin = globex.addRole('org-admin', { name: 'Admin', permissions: [deploy, editDesigns] });
    const globexMember = globex.addRole('org-member', { name: 'Member' });
    globex.setRolePolicy({ priority: [globexAdmin, globexMember], defaultRole: globexMember, multipleRoles: false });
    globexAdmin.mapSsoGroup('Platform Admins');
    globexMember.mapSsoGroup('Staff');

    const preview = (name: string, description: string, organization: Organization, groups: { directoryGroups?: string[]; ssoGroups?: string[] }) => {
      const roles = new DataWorkosEffectiveRoles(this, name, { organization, ...groups });
      new TerraformOutput(this, `${name}_roles`, { description, value: roles.roles });
      new TerraformOutput(this, `${name}_reasons`, { value: roles.reasons });
    };
    preview('acme_engineer_designer', 'Acme user in Engineering and Design: both roles (multiple-roles mode).', acme, { directoryGroups: ['Engineering', 'Design'] });
    preview('globex_admin_staff', 'Globex user in Platform Admins and Staff: only the highest-priority role.', globex, { ssoGroups: ['Platform Admins', 'Staff'] });
    preview('globex_unmapped', 'Globex user in no mapped group: the default role.', globex, { ssoGroups: ['Visitors'] });
  }
}
