/**
 * Graph validation at plan time (README, "Checked at plan, from plain HCL too"), for handlers' `modifyPlan`:
 *  - permissions, environment roles and organization roles record what this plan creates in
 *    the plan ledger (providers/plan-ledger.ts); a second resource creating the same object is
 *    an error at `slug`;
 *  - a role or permission slug a resource references must exist on the target or be created
 *    earlier in this plan, else an error at that attribute;
 *  - an `org-` role referenced in one organization that belongs to another is named as such.
 * Only known values are judged, and only where the target can answer: a failing or
 * unsupported list skips the check silently (debug log), it never fails the plan.
 *
 * Missing elements of one list make ONE diagnostic at the attribute, naming the first few and
 * counting the rest, so the output is bounded whatever the size of the list; only the first few
 * misses are confirmed by a direct read (one request each), the others are judged by the list.
 */
import { NotFoundError } from '../src/client/errors';
import type { Organization } from '../src/client/types';
import { isUnknown, nameValues, UNKNOWN, type ResourceSchema } from '../src/schemas/builder';
import type { HandlerContext, Values } from './handler';
import { creationIdentity, type LedgerKind, type LedgerScope, type PlanLedger } from './plan-ledger';

const known = (v: unknown): v is string => typeof v === 'string' && !isUnknown(v);
/** How many misses of one attribute are confirmed by a direct read (each is one request). */
const CONFIRMED_MISSES = 10;
const ORG_ROLE_PREFIX = 'org-';

/** Known string elements of a list/set value with their index; [] when the value is unknown or null. */
function knownSlugs(value: unknown): Array<[string, number]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i): Array<[string, number]> => (known(v) ? [[v, i]] : []));
}

/** True when the attribute is new or differs from the prior state (an unchanged reference was checked when it was set). */
function changed(planned: Values, prior: Values | null, name: string): boolean {
  if (prior === null) return true;
  return JSON.stringify(planned[name]) !== JSON.stringify(prior[name]);
}

// ---- what this plan creates -----------------------------------------------------------

/**
 * For workos_permission, workos_role and workos_organization_role: records a creation (no prior
 * state, or a replaced slug) and reports a duplicate at `slug`. `scope` is the organization id
 * (workos_organization_role) or null (environment-wide).
 */
export function recordCreation(ctx: HandlerContext, schema: ResourceSchema, kind: LedgerKind, planned: Values | null, prior: Values | null, scope: LedgerScope): void {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !known(planned.slug)) return;
  const creates = prior === null || prior.slug !== planned.slug || (scope !== null && !isUnknown(scope) && prior.organization_id !== scope);
  if (!creates) return;
  const computed = Object.entries(schema.attributes)
    .filter(([, spec]) => spec.mode === 'computed')
    .map(([name]) => name);
  const other = ledger.recordCreate({ kind, scope, slug: planned.slug, identity: creationIdentity(planned, computed), typeName: schema.typeName });
  if (other) {
    const what = kind === 'permission' ? 'permission' : 'role';
    ctx.diagnostics.push({
      severity: 'error',
      summary: `another resource in this configuration also creates ${what} "${planned.slug}"`,
      detail:
        `Two ${other.typeName === schema.typeName ? schema.typeName : `${other.typeName} / ${schema.typeName}`} resources create ${what} "${planned.slug}"` +
        (typeof scope === 'string' ? ` in organization ${scope}` : '') +
        '. Slugs are unique: keep one resource and reference it (e.g. `.slug`) from the others.',
      path: ['slug'],
    });
  }
}

// ---- what the target has (cached per walk) ----------------------------------------------

export async function attempt<T>(ctx: HandlerContext, what: string, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    ctx.log.debug(`graph check skipped: ${what} unavailable`, { error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

async function slugsOf(it: AsyncIterable<{ slug: string }>): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const x of it) out.add(x.slug);
  return out;
}

export const environmentRoles = (ctx: HandlerContext, ledger: PlanLedger) =>
  attempt(ctx, 'environment roles', () => ledger.memo('roles:env', () => slugsOf(ctx.client.roles.list())));

/** Environment roles and this organization's roles. */
export const organizationRoles = (ctx: HandlerContext, ledger: PlanLedger, organizationId: string) =>
  attempt(ctx, `roles of ${organizationId}`, () => ledger.memo(`roles:org:${organizationId}`, () => slugsOf(ctx.client.organizationRoles.list(organizationId))));

export const permissions = (ctx: HandlerContext, ledger: PlanLedger) =>
  attempt(ctx, 'permissions', () => ledger.memo('permissions', () => slugsOf(ctx.client.permissions.list())));

/** Confirms a cache miss with a direct read (the cache may predate an out-of-band create): true/false, undefined when unanswerable. */
export async function exists(ctx: HandlerContext, get: () => Promise<unknown>): Promise<boolean | undefined> {
  try {
    await get();
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    return undefined;
  }
}

export async function organizationsList(ctx: HandlerContext, ledger: PlanLedger): Promise<Organization[] | undefined> {
  return attempt(ctx, 'organizations', () =>
    ledger.memo('organizations', async () => {
      const out: Organization[] = [];
      for await (const o of ctx.client.organizations.list()) out.push(o);
      return out;
    }),
  );
}

// ---- references ------------------------------------------------------------------------

const missingRoleDetail = (slug: string) =>
  `role "${slug}" does not exist in WorkOS and is not created earlier in this plan. Create it in this configuration and reference it ` +
  `(e.g. workos_role.${slug.replace(/[^a-z0-9_]/g, '_')}.slug) so Terraform creates it first, or check the spelling.`;

const missingPermissionDetail = (slug: string) =>
  `permission "${slug}" does not exist in WorkOS and is not created earlier in this plan. Create it in this configuration and reference it ` +
  `(e.g. workos_permission.${slug.replace(/[^a-z0-9_]/g, '_')}.slug) so Terraform creates it first, or check the spelling.`;

/**
 * Role slugs in `planned[attribute]` (a string or a list/set of strings), used in `organizationId`
 * (null: the environment; UNKNOWN: a new organization: only environment roles can be judged).
 * `owner` names the resource in messages ("mapping", "membership", …).
 */
export async function checkRoleReferences(
  ctx: HandlerContext,
  planned: Values | null,
  prior: Values | null,
  attribute: string,
  organizationId: LedgerScope,
  owner: string,
): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !changed(planned, prior, attribute)) return;
  const value = planned[attribute];
  const refs: Array<[string, number | undefined]> = known(value) ? [[value, undefined]] : knownSlugs(value);
  const missing: Array<[string, number | undefined]> = [];
  for (const [slug, index] of refs) {
    const verdict = await roleVerdict(ctx, ledger, slug, organizationId, missing.length < CONFIRMED_MISSES);
    if (verdict.ok) continue;
    if (!verdict.elsewhere) {
      missing.push([slug, index]);
      continue;
    }
    ctx.diagnostics.push({
      severity: 'error',
      // The same words as the apply-time rejection (providers/handlers/role-mapping.ts).
      summary: `The ${owner}'s ${attribute} ${index === undefined ? 'is' : 'include'} "${slug}", which organization ${String(organizationId)} cannot use: it belongs to another organization`,
      detail: verdict.elsewhere,
      path: index === undefined ? [attribute] : [attribute, index],
    });
  }
  reportMissing(ctx, attribute, 'role', missing, missingRoleDetail);
}

/**
 * One diagnostic for the missing slugs of one attribute: at the element when one is missing,
 * else at the attribute, naming the first few and counting the rest.
 */
function reportMissing(ctx: HandlerContext, attribute: string, what: 'role' | 'permission', missing: ReadonlyArray<[string, number | undefined]>, detailOf: (slug: string) => string): void {
  if (missing.length === 0) return;
  if (missing.length === 1) {
    const [slug, index] = missing[0];
    ctx.diagnostics.push({ severity: 'error', summary: `${what} "${slug}" does not exist`, detail: detailOf(slug), path: index === undefined ? [attribute] : [attribute, index] });
    return;
  }
  const slugs = missing.map(([slug]) => slug);
  ctx.diagnostics.push({
    severity: 'error',
    summary: `${missing.length.toLocaleString('en-US')} ${what}s in ${attribute} do not exist`,
    detail:
      `The ${what}s ${nameValues(slugs)} exist neither in WorkOS nor earlier in this plan. Create them in this configuration and reference them ` +
      `(e.g. workos_${what}.<name>.slug) so Terraform creates them first, or check the spelling.`,
    path: [attribute],
  });
}

/** `confirm`: a miss in the list is confirmed by a direct read, and an `org-` role is looked for in other organizations. */
async function roleVerdict(ctx: HandlerContext, ledger: PlanLedger, slug: string, organizationId: LedgerScope, confirm: boolean): Promise<{ ok: true } | { ok: false; elsewhere?: string }> {
  const ok = { ok: true } as const;
  if (ledger.creates('role', null, slug)) return ok;
  if (typeof organizationId === 'string' && ledger.creates('role', organizationId, slug)) return ok;
  // A role created for an organization whose id is not known yet: it may be this one.
  if (ledger.creates('role', UNKNOWN, slug)) return ok;

  if (typeof organizationId !== 'string') {
    // The environment, or an organization not created yet (only its environment roles can be judged).
    if (isUnknown(organizationId) && slug.startsWith(ORG_ROLE_PREFIX)) return ok;
    const env = await environmentRoles(ctx, ledger);
    if (!env || env.has(slug)) return ok;
    if (!confirm) return { ok: false };
    const found = await exists(ctx, () => ctx.client.roles.get(slug));
    return found === false ? { ok: false } : ok;
  }

  const roles = await organizationRoles(ctx, ledger, organizationId);
  if (!roles || roles.has(slug)) return ok;
  if (!confirm) return { ok: false };
  const found = await exists(ctx, () => ctx.client.organizationRoles.get(organizationId, slug));
  if (found !== false) return ok;
  if (!slug.startsWith(ORG_ROLE_PREFIX)) return { ok: false };
  const elsewhere = await owningOrganization(ctx, ledger, slug, organizationId);
  return { ok: false, ...(elsewhere ? { elsewhere } : {}) };
}

/** Where an `org-` role missing from `organizationId` lives instead: the message, or undefined. */
async function owningOrganization(ctx: HandlerContext, ledger: PlanLedger, slug: string, organizationId: string): Promise<string | undefined> {
  const explain = (owner: string) =>
    `role "${slug}" belongs to organization ${owner}, not to organization ${organizationId}. Organization roles (\`org-…\`) belong to exactly ` +
    'one organization: use an environment role or a role of this organization (create it here with workos_organization_role), or check the organization_id.';
  const planned = ledger.organizationsCreatingRole(slug).filter((o) => o !== organizationId);
  const orgs = await organizationsList(ctx, ledger);
  const label = (id: string) => {
    const o = orgs?.find((x) => x.id === id);
    return o ? `"${o.name}" (${id})` : id;
  };
  if (planned.length > 0) return explain(`${label(planned[0])}, where this plan creates it`);
  if (!orgs) return undefined;
  for (const o of orgs) {
    if (o.id === organizationId) continue;
    const roles = await organizationRoles(ctx, ledger, o.id);
    if (roles?.has(slug)) return explain(label(o.id));
  }
  return undefined;
}

/** Permission slugs in `planned[attribute]` (a list/set): each must exist or be created earlier in this plan. */
export async function checkPermissionReferences(ctx: HandlerContext, planned: Values | null, prior: Values | null, attribute: string): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || planned === null || !changed(planned, prior, attribute)) return;
  const refs = knownSlugs(planned[attribute]).filter(([slug]) => !ledger.creates('permission', null, slug));
  if (refs.length === 0) return;
  const all = await permissions(ctx, ledger);
  if (!all) return;
  const missing: Array<[string, number]> = [];
  for (const [slug, index] of refs) {
    if (all.has(slug)) continue;
    if (missing.length < CONFIRMED_MISSES && (await exists(ctx, () => ctx.client.permissions.get(slug))) !== false) continue;
    missing.push([slug, index]);
  }
  reportMissing(ctx, attribute, 'permission', missing, missingPermissionDetail);
}

/** The organization of a membership (cached per walk): UNKNOWN when the id is unknown or the membership cannot be read. */
export async function membershipOrganization(ctx: HandlerContext, membershipId: unknown): Promise<LedgerScope> {
  const unknownScope: LedgerScope = UNKNOWN;
  const ledger = ctx.plan;
  if (!ledger || !known(membershipId)) return unknownScope;
  const org = await attempt(ctx, `membership ${membershipId}`, () =>
    ledger.memo(`membership:${membershipId}`, async () => (await ctx.client.memberships.get(membershipId)).organizationId),
  );
  return org ?? unknownScope;
}
