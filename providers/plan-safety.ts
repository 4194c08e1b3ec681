/**
 * Plan-time checks against silent wrong access from ordering (for handlers' `modifyPlan`):
 *  - an organization's first custom role gives it its own default role and priority order,
 *    copied from the environment's policy at that moment: a warning names the organization and
 *    the rule, and the environment policy change of the same plan it may or may not see;
 *  - an organization-level role policy needs the organization to have a custom role (else the
 *    apply fails with 409): an error at plan unless this plan creates one;
 *  - the default role (of the environment or of an organization) cannot be deleted: destroying
 *    or replacing it is an error at plan, with the fix.
 * Only the local control plane (capability `rolePolicy`) tells the default role; a target that
 * cannot answer skips the check (debug log), it never fails the plan.
 */
import { NotFoundError } from '../src/client/errors';
import type { RolePolicy } from '../src/client/types';
import { isUnknown, UNKNOWN } from '../src/schemas/builder';
import { supports } from './capabilities';
import type { HandlerContext, Values } from './handler';
import type { PlanLedger } from './plan-ledger';

const FIRST_CUSTOM_ROLE = 'first custom role';
const ENVIRONMENT_POLICY_CHANGE = 'environment policy change';
const NEW_ORGANIZATION = 'new organization';

/** workos_organization: a creation, so the first custom role of a new organization can name it. */
export function noteNewOrganization(ctx: HandlerContext, planned: Values | null, prior: Values | null): void {
  if (prior === null && planned !== null && typeof planned.name === 'string') ctx.plan?.note(NEW_ORGANIZATION, planned.name);
}

async function attempt<T>(ctx: HandlerContext, what: string, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    ctx.log.debug(`plan safety check skipped: ${what} unavailable`, { error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

/** Slugs of the organization's own (custom) roles, once per walk. */
const customRoles = (ctx: HandlerContext, ledger: PlanLedger, organizationId: string) =>
  attempt(ctx, `roles of ${organizationId}`, () =>
    ledger.memo(`custom-roles:${organizationId}`, async () => {
      const out: string[] = [];
      for await (const r of ctx.client.organizationRoles.list(organizationId)) if (r.type === 'OrganizationRole') out.push(r.slug);
      return out;
    }),
  );

const policyOf = (ctx: HandlerContext, ledger: PlanLedger, organizationId: string | null) =>
  attempt(ctx, `role policy of ${organizationId ?? 'the environment'}`, () => ledger.memo(`policy:${organizationId ?? 'env'}`, () => ctx.client.rolePolicy.get(organizationId)));

/** `"Acme" (org_01…)`, or the id alone when the name cannot be read. */
async function organizationLabel(ctx: HandlerContext, ledger: PlanLedger, id: string): Promise<string> {
  const org = await attempt(ctx, `organization ${id}`, () => ledger.memo(`organization:${id}`, () => ctx.client.organizations.get(id)));
  return org ? `"${org.name}" (${id})` : id;
}

const describePolicy = (p: RolePolicy) => `default role "${p.defaultRole}", priority ${p.priority.map((s) => `"${s}"`).join(' > ')}, multiple roles ${p.multipleRoles ? 'on' : 'off'}`;

/** A role of an organization is created here (not merely updated). */
const createsOrganizationRole = (planned: Values, prior: Values | null): boolean =>
  prior === null || prior.slug !== planned.slug || prior.organization_id !== planned.organization_id;

/** workos_organization_role: the organization's first custom role snapshots the environment policy; say so. */
export async function warnFirstCustomRole(ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !createsOrganizationRole(planned, prior)) return;
  const org = planned.organization_id;
  const newOrganizations = ledger.noted(NEW_ORGANIZATION);
  let where = newOrganizations.length === 1 ? `the new organization "${newOrganizations[0]}"` : 'a new organization';
  if (typeof org === 'string' && !isUnknown(org)) {
    if (ledger.noted(FIRST_CUSTOM_ROLE).includes(org)) return; // said once for this organization
    const custom = await customRoles(ctx, ledger, org);
    if (custom === undefined || custom.length > 0) return;
    ledger.note(FIRST_CUSTOM_ROLE, org);
    where = `organization ${await organizationLabel(ctx, ledger, org)}`;
  } else {
    ledger.note(FIRST_CUSTOM_ROLE, where);
  }
  const env = supports(ctx.capabilities, 'rolePolicy') ? await policyOf(ctx, ledger, null) : undefined;
  const environmentChanges = ledger.noted(ENVIRONMENT_POLICY_CHANGE).length > 0;
  ctx.diagnostics.push({
    severity: 'warning',
    summary: `This is the first custom role of ${where}: it gets its own default role and priority order`,
    detail:
      `When an organization gets its first custom role, it stops following the environment's role policy: it keeps a copy of the ` +
      `environment's default role, priority order and multiple-roles mode as they are when this role is created` +
      (env ? ` (now: ${describePolicy(env)})` : '') +
      ', and later changes to the environment policy no longer reach it. ' +
      (environmentChanges
        ? 'This plan also changes the environment\'s workos_role_policy: make this role depend on it (depends_on) so the copy is taken after that change. '
        : '') +
      `Set this organization's own default_role and priority with a workos_role_policy whose organization_id is this organization (depends_on this role), ` +
      'so its members get the roles the configuration says.',
    path: ['organization_id'],
  });
}

/**
 * workos_role_policy of the environment: remembers the change; when an organization got its
 * first custom role earlier in this walk, that role was planned first, so it does not wait for
 * this change and may copy the policy from before it.
 */
export function notePolicyChange(ctx: HandlerContext, planned: Values): void {
  const ledger = ctx.plan;
  if (!ledger || planned.organization_id !== null) return;
  ledger.note(ENVIRONMENT_POLICY_CHANGE, 'environment');
  const firsts = ledger.noted(FIRST_CUSTOM_ROLE);
  if (firsts.length === 0) return;
  ctx.diagnostics.push({
    severity: 'warning',
    summary: "Organizations may copy the environment's role policy from before this change",
    detail:
      `This plan gives ${firsts.map((o) => (o.startsWith('org_') ? `organization ${o}` : o)).join(', ')} its first custom role, which copies the environment's ` +
      'default_role and priority when it is created; that role does not depend on this workos_role_policy, so Terraform may create it before this change is applied. ' +
      'Add this policy to the depends_on of the organization\'s first workos_organization_role.',
    ...(planned.default_role !== null ? { path: ['default_role'] } : planned.priority !== null ? { path: ['priority'] } : {}),
  });
}

/** workos_role_policy with organization_id: the organization must have a custom role, or get one earlier in this plan. */
export async function checkOrganizationPolicy(ctx: HandlerContext, planned: Values): Promise<void> {
  const ledger = ctx.plan;
  const org = planned.organization_id;
  if (!ledger || org === null || org === undefined) return;
  if (isUnknown(org)) {
    if (ledger.createsAnyIn('role', UNKNOWN)) return;
  } else {
    if (ledger.createsAnyIn('role', org as string)) return;
    const custom = await customRoles(ctx, ledger, org as string);
    if (custom === undefined || custom.length > 0) return;
  }
  const which = isUnknown(org) ? 'The new organization' : `Organization ${await organizationLabel(ctx, ledger, org as string)}`;
  ctx.diagnostics.push(noCustomRoleDiagnostic(which));
}

/** Also the apply-time wording of WorkOS's 409 `organization_has_no_custom_roles`. */
export function noCustomRoleDiagnostic(which: string) {
  return {
    severity: 'error' as const,
    summary: `${which} has no custom role, so it has no role policy of its own`,
    detail:
      "Until an organization has a custom role, the environment's role policy applies to it and its own cannot be set (WorkOS answers 409 organization_has_no_custom_roles). " +
      'Create a workos_organization_role for this organization_id in this configuration and make this policy wait for it (depends_on = [workos_organization_role.…], or reference its slug in priority), ' +
      'or manage the environment\'s policy instead (organization_id unset). Nothing was changed.',
    path: ['organization_id'],
  };
}

function defaultRoleDiagnostic(slug: string, where: string, replaced: boolean, environmentRole: boolean, path: string) {
  return {
    severity: 'error' as const,
    summary: `Role "${slug}" is the default role of ${where}: it cannot be ${replaced ? 'replaced' : 'destroyed'}`,
    detail:
      `A default role is never deleted (the apply would stop with 409 default_role_cannot_be_deleted, after other changes were made). This plan ${replaced ? 'replaces (deletes and re-creates)' : 'destroys'} "${slug}". ` +
      `Make another role the default first — set default_role in the workos_role_policy of ${where} and apply that — then ${replaced ? 'replace' : 'remove'} this role` +
      (environmentRole ? ', or set destroy_behavior = "abandon" (and apply it) to leave the role in WorkOS and remove it from Terraform state only' : '') +
      '. Nothing was changed.',
    path: [path],
  };
}

/** workos_role: destroying or replacing the environment's default role, or one an organization copied as its default. */
export async function checkEnvironmentDefaultRole(ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || prior === null || typeof prior.slug !== 'string') return;
  const replaced = planned !== null && planned.slug !== prior.slug;
  if ((planned !== null && !replaced) || prior.destroy_behavior === 'abandon' || !supports(ctx.capabilities, 'rolePolicy')) return;
  const path = replaced ? 'slug' : 'destroy_behavior';
  const env = await policyOf(ctx, ledger, null);
  if (env?.defaultRole === prior.slug) {
    ctx.diagnostics.push(defaultRoleDiagnostic(prior.slug, 'the environment', replaced, true, path));
    return;
  }
  const orgs = await attempt(ctx, 'organizations', () =>
    ledger.memo('organizations', async () => {
      const out: Array<{ id: string; name: string }> = [];
      for await (const o of ctx.client.organizations.list()) out.push(o);
      return out;
    }),
  );
  for (const o of orgs ?? []) {
    const p = await policyOf(ctx, ledger, o.id);
    if (p && !p.inherited && p.defaultRole === prior.slug) {
      ctx.diagnostics.push(defaultRoleDiagnostic(prior.slug, `organization "${o.name}" (${o.id})`, replaced, true, path));
      return;
    }
  }
}

/** workos_organization_role: destroying or replacing its organization's default role. */
export async function checkOrganizationDefaultRole(ctx: HandlerContext, planned: Values | null, prior: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || prior === null || typeof prior.slug !== 'string' || typeof prior.organization_id !== 'string') return;
  const replaced = planned !== null && (planned.slug !== prior.slug || planned.organization_id !== prior.organization_id);
  if ((planned !== null && !replaced) || !supports(ctx.capabilities, 'rolePolicy')) return;
  let policy: RolePolicy | undefined;
  try {
    policy = await ledger.memo(`policy:${prior.organization_id}`, () => ctx.client.rolePolicy.get(prior.organization_id as string));
  } catch (err) {
    if (!(err instanceof NotFoundError)) ctx.log.debug('plan safety check skipped: role policy unavailable', { error: err instanceof Error ? err.message : String(err) });
    return; // the organization is gone: so is the role
  }
  if (policy.inherited || policy.defaultRole !== prior.slug) return;
  ctx.diagnostics.push(defaultRoleDiagnostic(prior.slug, `organization ${await organizationLabel(ctx, ledger, prior.organization_id)}`, replaced, false, 'slug'));
}
