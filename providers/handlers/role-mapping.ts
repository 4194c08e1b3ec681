/**
 * What workos_directory_group_mapping, workos_sso_group_mapping and workos_attribute_mapping
 * share: they are one WorkOS object (a RoleMapping) that differs only by kind and by which
 * attributes name its source, group and value. Roles are an authoritative set, updated in
 * place; everything that identifies the mapping forces replacement (see the schemas).
 *
 * WorkOS's public API cannot define role mappings (dashboard only). Against a target without
 * `capabilities.roleMappings` every plan fails with a diagnostic saying where to do it instead.
 */
import { UnprocessableEntityError } from '../../src/client/errors';
import type { MappingKind, RoleMapping } from '../../src/client/types';
import type { ResourceSchema, StateOf } from '../../src/schemas/builder';
import type { roleMappingAttributes } from '../../src/schemas/role-mapping-attributes';
import { foundOrNull, goneIsDone, DiagnosticError, type HandlerContext, type ListingSpec, type ResourceHandler, type Values } from '../handler';
import { readListed } from '../listings';
import { checkCapabilityAtPlan, requireCapability } from '../capabilities';
import { checkRoleReferences } from '../graph-checks';
import type { LedgerScope } from '../plan-ledger';
import { inOrganization } from '../preview-staleness';
import { checkOrganizationReference } from '../target-checks';

/** Attributes every mapping has. */
export type RoleMappingCommonState = StateOf<{ readonly attributes: typeof roleMappingAttributes }>;

/** Where a mapping's kind-specific attributes go in the WorkOS object, and back. */
export interface RoleMappingKind<S extends RoleMappingCommonState> {
  readonly kind: MappingKind;
  readonly schema: ResourceSchema;
  /** What the mappings are called in messages, e.g. "directory group mappings". */
  readonly label: string;
  toMapping(state: S): Pick<RoleMapping, 'sourceId' | 'group' | 'value'>;
  fromMapping(mapping: RoleMapping): Omit<S, keyof RoleMappingCommonState>;
  /**
   * The attribute naming the mapping's source where the target checks it (a directory
   * mapping's `directory_id`: docs/semantics.md, "Scoped mappings"), with its plan-time check
   * (providers/target-checks.ts). Unset: the source is not checked.
   */
  readonly source?: { readonly attribute: string; check(ctx: HandlerContext, planned: Values, prior: Values | null): Promise<void> };
}

export function roleMappingHandler<S extends RoleMappingCommonState>(k: RoleMappingKind<S>): ResourceHandler<S> {
  const typeName = k.schema.typeName;
  const toState = (m: RoleMapping): S =>
    ({
      id: m.id,
      organization_id: m.organizationId,
      roles: [...m.roles].sort(),
      mode: m.mode ?? null,
      ...k.fromMapping(m),
    }) as S;

  /** A 404 is only "gone" where the target serves mappings at all (real WorkOS: no route). */
  const fetchMapping = async (ctx: HandlerContext, id: string): Promise<RoleMapping | null> => {
    requireCapability(ctx, 'roleMappings', typeName);
    return foundOrNull(() => ctx.client.roleMappings.get(id));
  };

  return {
    schema: k.schema,
    previews: inOrganization(() => ['effective_roles']),

    async modifyPlan(ctx, planned, prior) {
      // Destroy plans too: a 404 from a target without mappings would not mean "deleted".
      if (planned === null && prior === null) return;
      const supported = checkCapabilityAtPlan(ctx, 'roleMappings', typeName);
      if (!supported || planned === null) return;
      const before = ctx.diagnostics.length;
      await checkOrganizationReference(ctx, planned, prior);
      const organizationFound = ctx.diagnostics.length === before;
      await checkRoleReferences(ctx, planned, prior, 'roles', planned.organization_id as LedgerScope, 'mapping');
      // Whose the source is matters only once the organization exists.
      if (organizationFound) await k.source?.check(ctx, planned, prior);
    },

    async create(ctx, planned) {
      requireCapability(ctx, 'roleMappings', typeName);
      const created = await rejected(planned, k.source?.attribute, () =>
        ctx.client.roleMappings.create({
          kind: k.kind,
          organizationId: planned.organization_id,
          roles: planned.roles,
          mode: planned.mode,
          ...k.toMapping(planned),
        }),
      );
      return toState(created);
    },

    async read(ctx, state) {
      requireCapability(ctx, 'roleMappings', typeName);
      const id = state.id ?? '';
      const mapping = await readListed(ctx, listing(ctx, state.organization_id), id, () => ctx.client.roleMappings.get(id));
      return mapping && toState(mapping);
    },

    async update(ctx, prior, planned) {
      requireCapability(ctx, 'roleMappings', typeName);
      const updated = await rejected(planned, undefined, () => ctx.client.roleMappings.update(prior.id ?? '', { roles: planned.roles, mode: planned.mode }));
      return toState(updated);
    },

    async delete(ctx, prior) {
      requireCapability(ctx, 'roleMappings', typeName);
      await goneIsDone(() => ctx.client.roleMappings.delete(prior.id ?? ''));
    },

    async importState(ctx, id) {
      const mapping = await fetchMapping(ctx, id);
      if (mapping === null) return null;
      if (mapping.kind !== k.kind) {
        throw new DiagnosticError({
          severity: 'error',
          summary: `Mapping "${id}" is not one of the ${k.label}`,
          detail: `It is a ${mapping.kind} mapping: import it as ${typeNameOfKind[mapping.kind]}.`,
        });
      }
      return toState(mapping);
    },
  };
}

/** The group and attribute mappings of one organization, of every kind: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext, organizationId: string): ListingSpec<RoleMapping> => ({
  key: `role mappings of ${organizationId}`,
  list: () => ctx.client.roleMappings.list(organizationId),
  idOf: (m) => m.id,
});

const typeNameOfKind: Record<MappingKind, string> = {
  directory: 'workos_directory_group_mapping',
  sso: 'workos_sso_group_mapping',
  attribute: 'workos_attribute_mapping',
};

const requestIdOf = (err: UnprocessableEntityError) => (err.requestId && !err.message.includes(err.requestId) ? `\n\nRequest ID: ${err.requestId}` : '');

/**
 * The server rejects (422) a role that this organization cannot use, e.g. another
 * organization's `org-` role. Planning cannot know that (a role created in the same apply
 * does not exist yet, and no API lists every organization), so the apply reports it here,
 * pointing at `roles`. A rejected `source_id` (a directory deleted since the plan) points at
 * `sourceAttribute`.
 */
async function rejected(planned: Values, sourceAttribute: string | undefined, call: () => Promise<RoleMapping>): Promise<RoleMapping> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof UnprocessableEntityError) {
      if (sourceAttribute && err.errors.some((e) => e.field === 'source_id')) {
        throw new DiagnosticError({
          severity: 'error',
          summary: `The target rejected ${sourceAttribute} "${String(planned[sourceAttribute])}"`,
          detail: err.message + requestIdOf(err),
          path: [sourceAttribute],
        });
      }
      const roles = (planned.roles as string[]).filter((r) => err.message.includes(r));
      if (roles.length > 0 || /\brole/i.test(err.message)) {
        const named = roles.length > 0 ? roles.map((r) => `"${r}"`).join(', ') : 'a role';
        throw new DiagnosticError({
          severity: 'error',
          summary: `The mapping's roles include ${named}, which organization ${String(planned.organization_id)} cannot use`,
          detail:
            `${err.message}\n\nA mapping may name environment roles and this organization's own roles (\`org-…\`) only; ` +
            'organization roles belong to exactly one organization.' +
            requestIdOf(err),
          path: ['roles'],
        });
      }
    }
    throw err;
  }
}
