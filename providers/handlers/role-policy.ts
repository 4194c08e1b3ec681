/**
 * workos_role_policy: the priority order, default role and multiple-roles mode of the
 * environment (`organization_id` unset) or of one organization. Dashboard-only in WorkOS: on
 * a target without `capabilities.rolePolicy` the plan fails and says where to set it instead.
 *
 * Only what the config sets is managed:
 *  - `priority`: the configured roles head the order, in that sequence; the roles not listed
 *    keep their relative order below them. State records the first N roles of the server's
 *    order, N = the number configured, so roles added elsewhere (they go to the bottom) never
 *    cause a perpetual diff, while a reordering of the listed ones, or another role moved
 *    above them, is detected.
 *  - `default_role`, `multiple_roles`: null in the config = unmanaged = null in state.
 * Destroy stops managing: nothing changes on the server. Import by `environment` or the
 * organization id records everything the server has (the full order, default role, mode).
 *
 * Updates take the same lock as the roles of that scope (providers/write-locks.ts): a role
 * created or deleted meanwhile would change the priority list under the update.
 */
import { rolePolicySchema } from '../../src/schemas/role-policy';
import { isUnknown, type Diagnostic, type StateOf } from '../../src/schemas/builder';
import { ConflictError } from '../../src/client/errors';
import type { RolePolicy } from '../../src/client/types';
import { foundOrNull, DiagnosticError, type HandlerContext, type ResourceHandler, type Values } from '../handler';
import { checkCapabilityAtPlan, requireCapability } from '../capabilities';
import { roleScopeKey, roleWrites } from '../write-locks';
import { checkRoleReferences } from '../graph-checks';
import { creationIdentity, type LedgerScope } from '../plan-ledger';
import { inOrganization, isChange } from '../preview-staleness';
import { checkOrganizationPolicy, noCustomRoleDiagnostic, notePolicyChange } from '../plan-safety';
import { noteMultipleRoles } from '../target-checks';

const TYPE = rolePolicySchema.typeName;
const ENVIRONMENT = 'environment';

export type RolePolicyState = StateOf<typeof rolePolicySchema>;

/** The state for what `managed` manages (its non-null attributes), as the server has it. */
function toState(p: RolePolicy, managed: RolePolicyState): RolePolicyState {
  return {
    id: p.organizationId ?? ENVIRONMENT,
    organization_id: p.organizationId,
    priority: managed.priority === null ? null : p.priority.slice(0, managed.priority.length),
    default_role: managed.default_role === null ? null : p.defaultRole,
    multiple_roles: managed.multiple_roles === null ? null : p.multipleRoles,
  };
}

async function fetchPolicy(ctx: HandlerContext, organizationId: string | null): Promise<RolePolicy | null> {
  return foundOrNull(() => ctx.client.rolePolicy.get(organizationId)); // 404: the organization is gone
}

async function apply(ctx: HandlerContext, planned: RolePolicyState): Promise<RolePolicyState> {
  requireCapability(ctx, 'rolePolicy', TYPE);
  const policy = await roleWrites
    .run(roleScopeKey(planned.organization_id), () =>
      ctx.client.rolePolicy.update(planned.organization_id, {
        ...(planned.priority !== null ? { priority: planned.priority } : {}),
        ...(planned.default_role !== null ? { defaultRole: planned.default_role } : {}),
        ...(planned.multiple_roles !== null ? { multipleRoles: planned.multiple_roles } : {}),
      }),
    )
    .catch((err: unknown) => {
      // Planned while the organization's first custom role was still to come, applied without waiting for it.
      if (err instanceof ConflictError && err.code === 'organization_has_no_custom_roles') throw new DiagnosticError(noCustomRoleDiagnostic(`Organization ${planned.organization_id}`));
      throw err;
    });
  return toState(policy, planned);
}

/**
 * Whether another workos_role_policy of this plan manages the same scope (README, "Checked at
 * plan, from plain HCL too"). A policy for an organization not created yet cannot be judged: two
 * new organizations have two scopes. Two policies with byte-identical configuration look like one
 * resource planned twice (providers/plan-ledger.ts, identity) and pass; they cannot flip-flop.
 */
function claimedTwice(ctx: HandlerContext, planned: Values, scope: LedgerScope): boolean {
  if (!ctx.plan || isUnknown(scope)) return false;
  return ctx.plan.claimPolicy(scope, creationIdentity(planned, ['id']));
}

function secondPolicyDiagnostic(scope: string | null): Diagnostic {
  const of = scope === null ? 'the environment' : `organization ${scope}`;
  const which = scope === null ? 'the environment (organization_id unset)' : `organization_id ${scope}`;
  return {
    severity: 'error',
    summary: `another workos_role_policy in this configuration also manages the role policy of ${of}`,
    detail:
      `There is one role policy per scope, and two resources for ${which} would overwrite each other's priority, default role and ` +
      'multiple-roles mode on every apply. Keep one workos_role_policy for this scope and set everything there.',
    path: ['organization_id'],
  };
}

export const rolePolicyHandler = {
  schema: rolePolicySchema,
  // Destroy only stops managing: it changes nothing a preview sees.
  previews: inOrganization((_prior, planned) => (planned === null ? [] : ['effective_roles'])),

  async modifyPlan(ctx, planned, prior) {
    // Destroy only stops managing: it needs nothing from the target.
    if (planned === null || !checkCapabilityAtPlan(ctx, 'rolePolicy', TYPE)) return;
    const scope = planned.organization_id as LedgerScope;
    if (claimedTwice(ctx, planned, scope)) {
      ctx.diagnostics.push(secondPolicyDiagnostic(scope as string | null));
      return;
    }
    if (isChange(rolePolicySchema, prior, planned)) {
      notePolicyChange(ctx, planned);
      await checkOrganizationPolicy(ctx, planned);
    }
    await checkRoleReferences(ctx, planned, prior, 'priority', scope, 'role policy');
    await checkRoleReferences(ctx, planned, prior, 'default_role', scope, 'role policy');
    noteMultipleRoles(ctx, planned); // memberships planned after this one count on the mode it sets
  },

  create: apply,

  async read(ctx, state) {
    requireCapability(ctx, 'rolePolicy', TYPE);
    const policy = await fetchPolicy(ctx, state.organization_id);
    return policy && toState(policy, state);
  },

  update: (ctx, _prior, planned) => apply(ctx, planned),

  async delete(ctx, prior) {
    ctx.log.info('role policy no longer managed; nothing changed on the server', { scope: prior.id });
  },

  async importState(ctx, id) {
    requireCapability(ctx, 'rolePolicy', TYPE);
    const policy = await fetchPolicy(ctx, id === ENVIRONMENT ? null : id);
    return (
      policy && {
        id: policy.organizationId ?? ENVIRONMENT,
        organization_id: policy.organizationId,
        priority: [...policy.priority],
        default_role: policy.defaultRole,
        multiple_roles: policy.multipleRoles,
      }
    );
  },
} satisfies ResourceHandler<RolePolicyState>;
