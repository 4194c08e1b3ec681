import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Permission, Role, WorkosProvider } from '../../constructs';

/**
 * A handful of permissions and three roles. The provider block is empty on purpose: the
 * provider reads WORKOS_BASE_URL and WORKOS_API_KEY at deploy time, so no secret ends up in
 * cdktf.out.
 */
export class QuickstartStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new WorkosProvider(this, 'workos');

    const permission = (slug: string, name: string, description?: string) =>
      new Permission(this, slug.replace(/:/g, '-'), { slug, name, description });
    const viewUsers = permission('users:view', 'View users');
    const manageUsers = permission('users:manage', 'Manage users', 'Invite, edit and remove users.');
    const viewBilling = permission('billing:view', 'View billing');
    const manageBilling = permission('billing:manage', 'Manage billing', 'Change plans and payment methods.');
    const exportReports = permission('reports:export', 'Export reports');

    const viewer = new Role(this, 'viewer', {
      slug: 'viewer',
      name: 'Viewer',
      description: 'Read-only access.',
      permissions: [viewUsers, viewBilling],
    });

    // Slugs work as well as Permission objects; these are defined above, so the role still
    // waits for them.
    const billingAdmin = new Role(this, 'billing-admin', {
      slug: 'billing-admin',
      name: 'Billing admin',
      permissions: ['billing:view', 'billing:manage'],
    });
    billingAdmin.addPermission(exportReports);

    const admin = new Role(this, 'admin', { slug: 'admin', name: 'Administrator', description: 'Everything.', permissions: [viewUsers, manageUsers] });
    // Already granted permissions are ignored, so "everything" can be said as is.
    admin.addPermission(viewUsers, manageUsers, viewBilling, manageBilling, exportReports);

    new TerraformOutput(this, 'roles', {
      description: 'Deployed roles and the permission slugs each grants.',
      value: Object.fromEntries([viewer, billingAdmin, admin].map((role) => [role.slugInput, role.permissions])),
    });
  }
}
