import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  DataWorkosAccessCheck,
  DataWorkosEffectiveRoles,
  Organization,
  Permission,
  Resource,
  ResourceType,
  Role,
  User,
  WorkosProvider,
  type ResourceLocator,
} from '../../constructs';

/** See main.ts for what this example shows. */
export class ResourceAccessStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new WorkosProvider(this, 'workos');

    const viewProjects = new Permission(this, 'projects-view', { slug: 'projects:view', name: 'View projects' });
    const editProjects = new Permission(this, 'projects-edit', { slug: 'projects:edit', name: 'Edit projects' });
    const manageWorkspaces = new Permission(this, 'workspaces-manage', { slug: 'workspaces:manage', name: 'Manage workspaces' });
    const workspaceAdmin = new Role(this, 'workspace-admin', { slug: 'workspace-admin', name: 'Workspace admin', permissions: [manageWorkspaces, editProjects, viewProjects] });
    const projectEditor = new Role(this, 'project-editor', { slug: 'project-editor', name: 'Project editor', permissions: [editProjects, viewProjects] });

    const workspace = new ResourceType(this, 'workspace', { slug: 'workspace', name: 'Workspace' });
    const project = new ResourceType(this, 'project', { slug: 'project', name: 'Project', parentTypes: [workspace] });

    const acme = new Organization(this, 'acme', { name: 'Acme Cloud', externalId: 'acme-cloud' });
    const orgMember = acme.addRole('org-member', { name: 'Member', description: 'Everyone at Acme Cloud: sees every project.', permissions: [viewProjects] });
    acme.setRolePolicy({ defaultRole: orgMember });
    orgMember.mapDirectoryGroup('Engineering');

    const platform = new Resource(this, 'platform', { organization: acme, type: workspace, externalId: 'platform', name: 'Platform' });
    const apiBackend = new Resource(this, 'api-backend', { organization: acme, type: project, externalId: 'api-backend', name: 'API Backend', parent: platform });
    const marketing = new Resource(this, 'marketing', { organization: acme, type: workspace, externalId: 'marketing', name: 'Marketing' });
    const website = new Resource(this, 'website', { organization: acme, type: project, externalId: 'website', name: 'Website', parent: marketing });

    const aliceUser = new User(this, 'alice', { email: 'alice@acme.example', firstName: 'Alice', lastName: 'Liddell' });
    const alice = acme.addMember(aliceUser); // no roles: they come from the mapping / default role
    alice.assignRole(workspaceAdmin, platform, 'alice-platform-admin');
    alice.assignRole(projectEditor, apiBackend, 'alice-api-backend-editor');

    const engineer = new DataWorkosEffectiveRoles(this, 'engineering_member', { organization: acme, directoryGroups: ['Engineering'] });
    new TerraformOutput(this, 'engineering_roles', { description: 'Organization-level roles of an Engineering member.', value: engineer.roles });
    new TerraformOutput(this, 'alice_roles', { description: "Alice's organization-level roles.", value: alice.roles });

    const check = (name: string, permission: Permission, resource: ResourceLocator) => {
      const result = new DataWorkosAccessCheck(this, `${name}_check`, { membership: alice, permission, resource });
      new TerraformOutput(this, name, { value: result.allowed });
      new TerraformOutput(this, `${name}_reason`, { value: result.reason });
    };
    check('alice_can_edit_api_backend', editProjects, apiBackend);
    check('alice_can_manage_platform', manageWorkspaces, { type: workspace, externalId: 'platform' });
    check('alice_can_view_website', viewProjects, website);
    check('alice_can_edit_website', editProjects, website);
  }
}
