/**
 * data "workos_effective_roles": the "test mapped attributes" preview at plan time. Which
 * roles would a user with these groups and attributes get, and why? The target evaluates its
 * mappings, priority order, default role and multiple-roles mode (client.resolveRoles); with
 * `directory_user_id`, on that directory user's real groups and attributes too.
 */
import { effectiveRolesSchema } from '../../src/schemas/effective-roles';
import type { RoleReason } from '../../src/resolution';
import type { DataSourceHandler } from '../handler';
import { DiagnosticError } from '../handler';
import { effectiveRolesUnsupported, supports } from '../capabilities';

/** `developer: directory group "Engineering" → developer (highest priority among exclusive matches …)` */
export function reasonLine(r: RoleReason): string {
  return `${r.role}: ${r.mapping} (${r.rule})`;
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

export const effectiveRolesDataSource = {
  schema: effectiveRolesSchema,
  preview: { kind: 'effective_roles', scope: async (_ctx, config) => (typeof config.organization_id === 'string' ? config.organization_id : null) },

  async read(ctx, config) {
    if (!supports(ctx.capabilities, 'roleMappings')) throw new DiagnosticError(effectiveRolesUnsupported());
    const organizationId = typeof config.organization_id === 'string' ? config.organization_id : null;
    const attributes = config.attributes && typeof config.attributes === 'object' ? (config.attributes as Record<string, string>) : undefined;
    const resolution = await ctx.client.resolveRoles(organizationId, {
      ...(typeof config.directory_user_id === 'string' ? { directory_user_id: config.directory_user_id } : {}),
      ...(strings(config.directory_groups) ? { directory_groups: strings(config.directory_groups) } : {}),
      ...(strings(config.sso_groups) ? { sso_groups: strings(config.sso_groups) } : {}),
      ...(attributes ? { attributes } : {}),
    });
    return {
      organization_id: config.organization_id ?? null,
      directory_user_id: config.directory_user_id ?? null,
      directory_groups: config.directory_groups ?? null,
      sso_groups: config.sso_groups ?? null,
      attributes: config.attributes ?? null,
      roles: [...resolution.roles],
      reasons: resolution.reasons.map(reasonLine),
    };
  },
} satisfies DataSourceHandler;
