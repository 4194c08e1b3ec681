/**
 * workos_role: an environment role. Its permission set is authoritative (PUT sets it).
 *
 * Destroy: environment roles can only be deleted in the WorkOS dashboard. Against a target
 * that cannot delete them (real WorkOS), `destroy_behavior = "delete"` fails at plan time and
 * again at apply with a diagnostic saying where to delete the role; `"abandon"` removes it from
 * state only and warns. Never a silent success.
 *
 * Writes are serialised with the other environment roles and the environment's role policy
 * (providers/write-locks.ts): they share one priority list.
 */
import { roleSchema } from '../../src/schemas/role';
import type { Role } from '../../src/client/types';
import type { Diagnostic, StateOf } from '../../src/schemas/builder';
import { goneIsDone, DiagnosticError, PartialCreateError, type HandlerContext, type ResourceHandler, type ListingSpec } from '../handler';
import { readListed } from '../listings';
import { ENVIRONMENT_ROLES_KEY, roleWrites } from '../write-locks';
import { untilVisible } from '../consistency';
import { checkPermissionReferences, recordCreation } from '../graph-checks';
import { roleImpact } from '../preview-staleness';
import { checkEnvironmentDefaultRole } from '../plan-safety';
import { checkRoleNotOnTarget } from '../target-checks';

export type RoleState = StateOf<typeof roleSchema>;

function toState(r: Role, destroyBehavior: RoleState['destroy_behavior'], configuredPermissions: string[] | null): RoleState {
  const permissions = [...r.permissions].sort();
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description ?? null,
    // An unset attribute and an empty set mean the same thing: keep what the config said.
    permissions: permissions.length === 0 && configuredPermissions === null ? null : permissions,
    destroy_behavior: destroyBehavior,
  };
}

function cannotDeleteDiagnostic(slug: string): Diagnostic {
  return {
    severity: 'error',
    summary: 'WorkOS cannot delete environment roles through its API',
    detail:
      `The environment role "${slug}" can only be deleted in the WorkOS dashboard (Authorization → Roles). ` +
      'Delete it there and run `terraform state rm` for this resource, or set destroy_behavior = "abandon" to ' +
      'leave the role in WorkOS and only remove it from Terraform state.',
    path: ['destroy_behavior'],
  };
}

/** Every environment role: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext): ListingSpec<Role> => ({ key: 'environment roles', list: () => ctx.client.roles.list(), idOf: (r) => r.slug });

/** From the listing during a refresh, else its own GET (import, adoption). */
async function fetchRole(ctx: HandlerContext, slug: string): Promise<Role | null> {
  return readListed(ctx, listing(ctx), slug, () => ctx.client.roles.get(slug));
}

export const roleHandler = {
  schema: roleSchema,
  previews: { affects: roleImpact, scope: () => null },

  async modifyPlan(ctx, planned, prior) {
    recordCreation(ctx, roleSchema, 'role', planned, prior, null);
    await checkRoleNotOnTarget(ctx, planned, prior);
    await checkPermissionReferences(ctx, planned, prior, 'permissions');
    await checkEnvironmentDefaultRole(ctx, planned, prior);
    // Destroy plan: planned values are all null; say now, not halfway through an apply.
    if (planned === null && prior && prior.destroy_behavior === 'delete' && !ctx.capabilities.deleteEnvironmentRole) {
      ctx.diagnostics.push(cannotDeleteDiagnostic(prior.slug));
    }
  },

  create: (ctx, planned) => roleWrites.run(ENVIRONMENT_ROLES_KEY, () => createRole(ctx, planned)),

  async read(ctx, state) {
    const role = await fetchRole(ctx, state.slug);
    return role && toState(role, state.destroy_behavior ?? 'delete', state.permissions);
  },

  update: (ctx, prior, planned) => roleWrites.run(ENVIRONMENT_ROLES_KEY, () => updateRole(ctx, prior, planned)),

  async delete(ctx, prior) {
    if (prior.destroy_behavior === 'abandon') {
      ctx.diagnostics.push({
        severity: 'warning',
        summary: `Environment role "${prior.slug}" left in WorkOS`,
        detail: 'destroy_behavior = "abandon": the role was removed from Terraform state only. Its members keep it.',
      });
      return;
    }
    if (!ctx.capabilities.deleteEnvironmentRole) throw new DiagnosticError(cannotDeleteDiagnostic(prior.slug));
    await roleWrites.run(ENVIRONMENT_ROLES_KEY, async () => {
      await goneIsDone(() => ctx.client.roles.delete(prior.slug));
    });
  },

  async importState(ctx, id) {
    const role = await fetchRole(ctx, id);
    return role && toState(role, 'delete', role.permissions.length ? [...role.permissions] : null);
  },

  adopt: {
    codes: ['role_slug_conflict'],
    async find(ctx, planned) {
      const role = await fetchRole(ctx, planned.slug);
      return role && toState(role, planned.destroy_behavior, planned.permissions);
    },
    importId: (found) => found.slug,
    setAfterCreate: ['permissions'],
  },
} satisfies ResourceHandler<RoleState>;

async function createRole(ctx: HandlerContext, planned: RoleState): Promise<RoleState> {
  const created = await ctx.client.roles.create({ slug: planned.slug, name: planned.name, description: planned.description });
  try {
    // Right after the create: a replica may not know the role yet.
    const role = await untilVisible(() => ctx.client.roles.setPermissions(planned.slug, planned.permissions ?? []));
    return toState(role, planned.destroy_behavior, planned.permissions);
  } catch (err) {
    throw new PartialCreateError(toState(created, planned.destroy_behavior, planned.permissions), err);
  }
}

async function updateRole(ctx: HandlerContext, prior: RoleState, planned: RoleState): Promise<RoleState> {
  let role: Role | null = null;
  if (prior.name !== planned.name || prior.description !== planned.description) {
    role = await ctx.client.roles.update(planned.slug, { name: planned.name, description: planned.description });
  }
  if (!sameSet(prior.permissions ?? [], planned.permissions ?? []) || role === null) {
    role = await ctx.client.roles.setPermissions(planned.slug, planned.permissions ?? []);
  }
  return toState(role, planned.destroy_behavior, planned.permissions);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x)) && s.size === new Set(b).size;
}

