import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Organization, Permission, Resource, ResourceType, Role, RolePolicy, User, WorkosProvider } from '../../constructs';

/** What a pull request may change; the defaults are what is deployed on main. */
export interface ReviewedRbacProps {
  /**
   * Permission slugs of `editor`.
   * @default projects:view, projects:edit, projects:delete
   */
  readonly editorPermissions?: readonly string[];
  /**
   * The role the Okta group "Admins" maps to, in both organizations.
   * @default "admin"
   */
  readonly adminsRole?: 'admin' | 'editor';
}

/**
 * A ladder viewer < editor < admin, two customer organizations whose Okta groups map to it,
 * and Alice with `editor` on Globex's workspace Platform. See README.md.
 */
export class ReviewedRbacStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ReviewedRbacProps = {}) {
    super(scope, id);
    new WorkosProvider(this, 'workos');

    const slugs = ['projects:view', 'projects:edit', 'projects:delete', 'members:invite', 'members:remove', 'billing:manage', 'settings:manage', 'audit:view'];
    const permission = Object.fromEntries(slugs.map((slug) => [slug, new Permission(this, slug.replace(':', '-'), { slug, name: slug })]));
    const editorPermissions = props.editorPermissions ?? ['projects:view', 'projects:edit', 'projects:delete'];

    const viewer = new Role(this, 'viewer', { slug: 'viewer', name: 'Viewer', permissions: [permission['projects:view']!] });
    const editor = new Role(this, 'editor', { slug: 'editor', name: 'Editor', permissions: editorPermissions.map((s) => permission[s]!) });
    const admin = new Role(this, 'admin', { slug: 'admin', name: 'Admin', permissions: Object.values(permission) });
    new RolePolicy(this, 'policy', { priority: [admin, editor, viewer], defaultRole: viewer, multipleRoles: false });

    const adminsRole = props.adminsRole === 'editor' ? editor : admin;
    const orgs = [new Organization(this, 'acme', { name: 'Acme' }), new Organization(this, 'globex', { name: 'Globex' })];
    for (const org of orgs) {
      org.mapDirectoryGroup('Engineering', [editor]);
      org.mapDirectoryGroup('Admins', [adminsRole]);
      org.mapDirectoryGroup('Everyone', [viewer]);
    }

    const globex = orgs[1]!;
    const workspace = new ResourceType(this, 'workspace', { slug: 'workspace', name: 'Workspace' });
    const platform = new Resource(this, 'platform', { organization: globex, type: workspace, externalId: 'platform', name: 'Platform' });
    const alice = globex.addMember(new User(this, 'alice', { email: 'alice@globex.example' }));
    alice.assignRole(editor, platform, 'alice-platform-editor');
  }
}
