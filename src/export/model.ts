/**
 * The adoption model: every object the export adopts, in declaration order (what an item
 * refers to comes before it), with its Terraform attributes, the import id its resource type
 * expects, and its names. Both renderers (cdktf TypeScript, HCL) read only this.
 */
import type { EnvironmentSnapshot, OrganizationSnapshot } from './read';
import type { AuthorizationResource, Role, RoleMapping } from '../client/types';
import { camel, kebab, Namer, pascal, snake } from './names';

export type Kind =
  | 'permission'
  | 'role'
  | 'role_policy'
  | 'organization'
  | 'organization_role'
  | 'user'
  | 'organization_membership'
  | 'directory_group_mapping'
  | 'sso_group_mapping'
  | 'attribute_mapping'
  | 'resource_type'
  | 'resource'
  | 'resource_assignment';

/** A reference to another item's attribute (`workos_role.admin.slug`, `admin.slug`). */
export interface Ref {
  readonly ref: Item;
  readonly attribute: 'slug' | 'id';
}
export type Value = string | boolean | Ref | readonly (string | Ref)[];

export interface Item {
  readonly kind: Kind;
  /** `workos_<kind>`. */
  readonly type: string;
  /** What `terraform import` / `importFrom` takes for this resource type. */
  readonly importId: string;
  /** camelCase variable of the generated TypeScript. */
  readonly variable: string;
  /** snake_case Terraform resource name (unique per type). */
  readonly hclName: string;
  /** kebab-case base for the cdktf construct id. */
  readonly base: string;
  /** Terraform attributes, unset ones left out. */
  readonly attributes: Readonly<Record<string, Value>>;
  /** The organization item for organization-scoped objects. */
  readonly organization?: Item;
  /** A line the generated code shows above the object (why it looks as it does). */
  readonly note?: string;
}

export interface AdoptionModel {
  readonly items: readonly Item[];
  readonly skipped: readonly string[];
  /** What the generated code needs the reader to know about the target (e.g. real WorkOS). */
  readonly notes: readonly string[];
}

export const isRef = (v: unknown): v is Ref => typeof v === 'object' && v !== null && 'ref' in v;

/** The environment's default role as every fresh environment has it: nothing to manage. */
export function isUntouchedDefaultRole(role: Role, defaultRole: string): boolean {
  return role.slug === defaultRole && role.slug === 'member' && role.name === 'Member' && !role.description && role.permissions.length === 0;
}

export function buildModel(snapshot: EnvironmentSnapshot): AdoptionModel {
  const items: Item[] = [];
  const skipped = [...snapshot.skipped];
  const notes: string[] = [];
  const variables = new Namer();
  const hclNames = new Map<string, Namer>();
  const bases = new Namer();

  const add = (kind: Kind, importId: string, naming: { text: string; qualifier: string; fallback?: string }, attributes: Record<string, Value | undefined>, extra: { organization?: Item; note?: string } = {}): Item => {
    const type = `workos_${kind}`;
    const fallback = naming.fallback ?? kind.split('_').pop()!;
    const hcl = hclNames.get(type) ?? new Namer();
    hclNames.set(type, hcl);
    const variableBase = camel(naming.text, fallback);
    const item: Item = {
      kind,
      type,
      importId,
      variable: variables.unique(variableBase, `${variableBase}${pascal(naming.qualifier)}`),
      hclName: hcl.unique(snake(naming.text, fallback), `${snake(naming.text, fallback)}_${snake(naming.qualifier)}`),
      base: bases.unique(kebab(naming.text, fallback), `${kebab(naming.text, fallback)}-${kebab(naming.qualifier)}`),
      attributes: Object.fromEntries(Object.entries(attributes).filter((e): e is [string, Value] => e[1] !== undefined)),
      ...extra,
    };
    items.push(item);
    return item;
  };
  const optional = (v: string | null | undefined): string | undefined => (v === null || v === undefined || v === '' ? undefined : v);

  // Permissions; system permissions exist everywhere and cannot be managed: referenced by slug.
  const permissionBySlug = new Map<string, Item>();
  for (const p of [...snapshot.permissions].sort(by((p) => p.slug))) {
    if (p.system) {
      skipped.push(`permission ${p.slug}: a system permission (built in, cannot be managed); roles refer to it by slug`);
      continue;
    }
    permissionBySlug.set(p.slug, add('permission', p.slug, { text: p.slug, qualifier: 'permission' }, { slug: p.slug, name: p.name, description: optional(p.description) }));
  }
  const permissionRefs = (slugs: readonly string[]): Value | undefined =>
    slugs.length === 0 ? undefined : [...slugs].sort().map((s): string | Ref => (permissionBySlug.has(s) ? { ref: permissionBySlug.get(s)!, attribute: 'slug' } : s));

  // Environment roles, in priority order.
  const environmentDefault = snapshot.environmentPolicy?.defaultRole ?? 'member';
  const envRoleBySlug = new Map<string, Item>();
  for (const r of snapshot.roles) {
    if (isUntouchedDefaultRole(r, environmentDefault)) {
      skipped.push(`role ${r.slug}: the built-in default role, unchanged (no permissions, no description); referred to by slug`);
      continue;
    }
    const note =
      r.slug === environmentDefault
        ? `The environment's default role: it cannot be deleted while it is the default (set destroyBehavior: 'abandon' if this stack may be destroyed).`
        : undefined;
    envRoleBySlug.set(r.slug, add('role', r.slug, { text: r.slug, qualifier: 'role' }, { slug: r.slug, name: r.name, description: optional(r.description), permissions: permissionRefs(r.permissions) }, { note }));
  }
  if (!snapshot.capabilities.deleteEnvironmentRole && envRoleBySlug.size > 0) {
    notes.push("This target's API cannot delete environment roles: `destroy` of a role fails at plan unless its destroyBehavior is 'abandon'.");
  }
  const roleRef = (slug: string, org?: { roles: Map<string, Item> }): string | Ref => {
    const item = org?.roles.get(slug) ?? envRoleBySlug.get(slug);
    return item ? { ref: item, attribute: 'slug' } : slug;
  };
  const policyAttributes = (p: { priority: readonly string[]; defaultRole: string; multipleRoles: boolean }, org?: { roles: Map<string, Item> }, organization?: Item) => ({
    organization_id: organization ? ({ ref: organization, attribute: 'id' } as Ref) : undefined,
    priority: p.priority.map((s) => roleRef(s, org)),
    default_role: roleRef(p.defaultRole, org),
    multiple_roles: p.multipleRoles,
  });

  if (snapshot.environmentPolicy) {
    add('role_policy', 'environment', { text: 'environment-role-policy', qualifier: 'environment', fallback: 'policy' }, policyAttributes(snapshot.environmentPolicy));
  }

  // Resource types, parents first.
  const typeBySlug = new Map<string, Item>();
  for (const t of parentsFirst(snapshot.resourceTypes, (t) => t.slug, (t) => t.parentTypes)) {
    const parentTypes = t.parentTypes.length ? [...t.parentTypes].sort().map((s): string | Ref => (typeBySlug.has(s) ? { ref: typeBySlug.get(s)!, attribute: 'slug' } : s)) : undefined;
    typeBySlug.set(t.slug, add('resource_type', t.slug, { text: t.slug, qualifier: 'type' }, { slug: t.slug, name: t.name, parent_types: parentTypes }));
  }

  const userById = new Map<string, Item>();
  for (const u of [...snapshot.users].sort(by((u) => u.email))) {
    userById.set(u.id, add('user', u.id, { text: u.email.split('@')[0]!, qualifier: kebab(u.email.split('@')[1] ?? 'user'), fallback: 'user' }, { email: u.email, first_name: optional(u.firstName), last_name: optional(u.lastName) }));
  }

  for (const o of [...snapshot.organizations].sort(by((o) => o.organization.name))) addOrganization(o);

  function addOrganization(o: OrganizationSnapshot): void {
    const org = add('organization', o.organization.id, { text: o.organization.name, qualifier: 'org', fallback: 'organization' }, { name: o.organization.name, external_id: optional(o.organization.externalId) });
    const orgId: Ref = { ref: org, attribute: 'id' };
    const scope = { roles: new Map<string, Item>() };
    for (const r of o.roles) {
      scope.roles.set(
        r.slug,
        add('organization_role', `${o.organization.id}/${r.slug}`, { text: `${org.base}-${r.slug}`, qualifier: 'role' }, { organization_id: orgId, slug: r.slug, name: r.name, description: optional(r.description), permissions: permissionRefs(r.permissions) }, { organization: org }),
      );
    }
    if (o.policy) add('role_policy', o.organization.id, { text: `${org.base}-role-policy`, qualifier: 'org', fallback: 'policy' }, policyAttributes(o.policy, scope, org), { organization: org });

    for (const m of [...o.mappings].sort(by((m) => `${MAPPING_ORDER[m.kind]} ${m.group} ${m.value ?? ''}`))) addMapping(m, org, scope);

    const membershipById = new Map<string, Item>();
    const memberships = [...o.memberships].sort(by((m) => userById.get(m.userId)?.variable ?? m.userId));
    for (const m of memberships) {
      const user = userById.get(m.userId);
      // Only the default role: it came from the default role (or will); leave roles to IdP mappings and the default.
      const onlyDefault = o.defaultRole !== null && m.roleSlugs.length === 1 && m.roleSlugs[0] === o.defaultRole;
      const roles = onlyDefault ? undefined : [...m.roleSlugs].sort().map((s) => roleRef(s, scope));
      const text = `${user?.base ?? m.userId}-in-${org.base}`;
      membershipById.set(m.id, add('organization_membership', m.id, { text, qualifier: 'membership' }, { organization_id: orgId, user_id: user ? { ref: user, attribute: 'id' } : m.userId, roles }, { organization: org }));
    }

    const resourceById = new Map<string, Item>();
    for (const r of parentsFirst([...o.resources].sort(by((r) => `${r.resourceTypeSlug} ${r.externalId}`)), (r) => r.id, (r) => (r.parentResourceId ? [r.parentResourceId] : []))) {
      resourceById.set(r.id, addResource(r, org, resourceById));
    }

    for (const a of [...o.assignments].sort(by((a) => `${a.organizationMembershipId} ${a.resourceExternalId} ${a.roleSlug}`))) {
      const membership = membershipById.get(a.organizationMembershipId)!;
      const resource = resourceById.get(a.resourceId);
      const text = `${membership.base.replace(/-membership$/, '')}-${resource?.base ?? a.resourceExternalId}-${a.roleSlug}`;
      add(
        'resource_assignment',
        `${a.organizationMembershipId}/${a.id}`,
        { text, qualifier: 'assignment' },
        {
          organization_membership_id: { ref: membership, attribute: 'id' },
          role_slug: roleRef(a.roleSlug, scope),
          resource_id: resource ? { ref: resource, attribute: 'id' } : a.resourceId,
        },
        { organization: org },
      );
    }
  }

  function addMapping(m: RoleMapping, org: Item, scope: { roles: Map<string, Item> }): void {
    const common = { organization_id: { ref: org, attribute: 'id' } as Ref, roles: [...m.roles].sort().map((s) => roleRef(s, scope)), mode: m.mode ?? undefined };
    if (m.kind === 'directory') {
      add('directory_group_mapping', m.id, { text: `${org.base}-directory-${m.group}`, qualifier: 'mapping' }, { ...common, group: m.group, directory_id: optional(m.sourceId) }, { organization: org });
    } else if (m.kind === 'sso') {
      add('sso_group_mapping', m.id, { text: `${org.base}-sso-${m.group}`, qualifier: 'mapping' }, { ...common, group: m.group, connection_id: optional(m.sourceId) }, { organization: org });
    } else {
      add('attribute_mapping', m.id, { text: `${org.base}-${m.group}-${m.value ?? ''}`, qualifier: 'mapping' }, { ...common, attribute: m.group, value: m.value ?? '' }, { organization: org });
    }
  }

  function addResource(r: AuthorizationResource, org: Item, resourceById: Map<string, Item>): Item {
    const type = typeBySlug.get(r.resourceTypeSlug);
    const parent = r.parentResourceId ? resourceById.get(r.parentResourceId) : undefined;
    return add(
      'resource',
      r.id,
      { text: r.externalId, qualifier: r.resourceTypeSlug, fallback: 'resource' },
      {
        organization_id: { ref: org, attribute: 'id' },
        resource_type_slug: type ? { ref: type, attribute: 'slug' } : r.resourceTypeSlug,
        external_id: r.externalId,
        name: r.name,
        description: optional(r.description),
        parent_id: parent ? { ref: parent, attribute: 'id' } : (r.parentResourceId ?? undefined),
      },
      { organization: org },
    );
  }

  return { items, skipped, notes };
}

/** A comparator by a text key: generated code lists objects in a stable, readable order. */
const by =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

const MAPPING_ORDER = { directory: 1, sso: 2, attribute: 3 } as const;

/** Items ordered so that each comes after its parents (unknown parents are ignored; cycles keep input order). */
export function parentsFirst<T>(list: readonly T[], key: (t: T) => string, parents: (t: T) => readonly string[]): T[] {
  const byKey = new Map(list.map((t) => [key(t), t]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: T) => {
    const k = key(t);
    if (state.has(k)) return;
    state.set(k, 'visiting');
    for (const p of parents(t)) {
      const parent = byKey.get(p);
      if (parent) visit(parent);
    }
    state.set(k, 'done');
    out.push(t);
  };
  list.forEach(visit);
  return out;
}
