/**
 * The role topology a set of managed objects describes: roles and their permissions, each
 * organization's policy (with the snapshot rule), mappings, memberships, resources and
 * resource assignments. Objects are linked by id, or by address where the id is not known
 * yet, so an organization this plan creates is still named.
 */
import { compileTopology, resolveEffectiveRoles, type CompiledTopology, type Resolution, type RoleTopology, type UserFacts } from '../resolution';
import { initialPolicy, policyInForce, withRolesAtBottom, withSettings } from '../role-policy';
import { newObjectKey, type ManagedObject } from './sources';

export { INITIAL_DEFAULT_ROLE } from '../role-policy';

export interface RoleModel {
  readonly slug: string;
  readonly address: string;
  /** undefined: not known from this side (set elsewhere, or computed later). */
  readonly permissions: readonly string[] | undefined;
}

export interface PolicyModel {
  readonly address: string;
  readonly priority?: readonly string[];
  readonly defaultRole?: string;
  readonly multipleRoles?: boolean;
}

export type MappingKind = 'directory' | 'sso' | 'attribute';

export interface MappingModel {
  readonly address: string;
  readonly kind: MappingKind;
  readonly organization: string;
  /** Group name, or the attribute name. */
  readonly group: string;
  readonly value?: string;
  /** Directory group mappings limited to one directory: its id, where the plan knows it. */
  readonly directory?: string;
  readonly roles: readonly string[];
  readonly mode?: 'exclusive' | 'additive';
}

export interface OrganizationModel {
  readonly key: string;
  readonly address: string;
  readonly name: string;
  readonly roles: ReadonlyMap<string, RoleModel>;
  readonly policy: PolicyModel | undefined;
  readonly mappings: readonly MappingModel[];
}

export interface MembershipModel {
  readonly key: string;
  readonly address: string;
  readonly organization: string;
  /** The user's email where this side knows it, else the user id or address. */
  readonly user: string;
  /** Explicit organization-level roles; undefined: left to mappings. */
  readonly roles: readonly string[] | undefined;
}

export interface ResourceModel {
  readonly key: string;
  readonly address: string;
  readonly organization: string;
  readonly type: string;
  readonly externalId: string;
  readonly name: string;
  readonly parent: string | undefined;
}

export interface AssignmentModel {
  readonly address: string;
  readonly membership: string;
  readonly role: string;
  /** Resource key, when the resource is one this side knows. */
  readonly resource: string | undefined;
  /** "workspace Platform", or the type and external id / id it names. */
  readonly resourceLabel: string;
}

export interface Topology {
  readonly environment: { readonly roles: ReadonlyMap<string, RoleModel>; readonly policy: PolicyModel | undefined };
  readonly organizations: ReadonlyMap<string, OrganizationModel>;
  readonly memberships: ReadonlyMap<string, MembershipModel>;
  readonly resources: ReadonlyMap<string, ResourceModel>;
  readonly assignments: readonly AssignmentModel[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** Builds the topology of one side. */
export function buildTopology(objects: readonly ManagedObject[]): Topology {
  const byAddress = new Map(objects.map((o) => [o.address, o]));
  /** The key of an object: its id, or a placeholder naming its address when the id is unknown. */
  const keyOf = (o: ManagedObject): string => str(o.values.id) ?? newObjectKey(o.address);
  /** The key an attribute points at: its value, or the key of the object it references. */
  const link = (o: ManagedObject, attr: string): string | undefined => {
    const v = str(o.values[attr]);
    if (v !== undefined) return v;
    const target = o.refs[attr] ? byAddress.get(o.refs[attr]!) : undefined;
    return target ? keyOf(target) : undefined;
  };
  const ofType = (type: string) => objects.filter((o) => o.type === type);
  const role = (o: ManagedObject): RoleModel => ({ slug: str(o.values.slug) ?? o.address, address: o.address, permissions: strings(o.values.permissions) });
  const policy = (o: ManagedObject): PolicyModel => ({
    address: o.address,
    priority: strings(o.values.priority),
    defaultRole: str(o.values.default_role),
    multipleRoles: typeof o.values.multiple_roles === 'boolean' ? o.values.multiple_roles : undefined,
  });

  const envRoles = new Map(ofType('workos_role').map((o) => [role(o).slug, role(o)]));
  const policies = ofType('workos_role_policy');
  const envPolicyObject = policies.find((o) => link(o, 'organization_id') === undefined && !o.refs.organization_id);

  const orgRoles = new Map<string, Map<string, RoleModel>>();
  for (const o of ofType('workos_organization_role')) {
    const org = link(o, 'organization_id') ?? '(unknown organization)';
    if (!orgRoles.has(org)) orgRoles.set(org, new Map());
    orgRoles.get(org)!.set(role(o).slug, role(o));
  }
  const mappingKinds: Record<string, MappingKind> = { workos_directory_group_mapping: 'directory', workos_sso_group_mapping: 'sso', workos_attribute_mapping: 'attribute' };
  const mappings: MappingModel[] = objects
    .filter((o) => o.type in mappingKinds)
    .map((o) => {
      const kind = mappingKinds[o.type]!;
      const mode = str(o.values.mode);
      return {
        address: o.address,
        kind,
        organization: link(o, 'organization_id') ?? '(unknown organization)',
        group: (kind === 'attribute' ? str(o.values.attribute) : str(o.values.group)) ?? o.address,
        ...(kind === 'attribute' ? { value: str(o.values.value) ?? '' } : {}),
        ...(kind === 'directory' && str(o.values.directory_id) !== undefined ? { directory: str(o.values.directory_id) } : {}),
        roles: strings(o.values.roles) ?? [],
        ...(mode === 'exclusive' || mode === 'additive' ? { mode } : {}),
      };
    });

  const organizations = new Map<string, OrganizationModel>();
  // Organizations this code does not create (named by a literal id) still have roles,
  // policies and mappings here: they are named by their id.
  const referenced = [...orgRoles.keys(), ...mappings.map((m) => m.organization), ...policies.filter((p) => p !== envPolicyObject).map((p) => link(p, 'organization_id') ?? '(unknown organization)')];
  const managed = ofType('workos_organization').map((o) => ({ key: keyOf(o), address: o.address, name: str(o.values.name) ?? o.address }));
  const managedKeys = new Set(managed.map((o) => o.key));
  for (const key of new Set(referenced)) if (!managedKeys.has(key)) managed.push({ key, address: '', name: key });
  for (const { key, address, name } of managed) {
    const own = policies.find((p) => p !== envPolicyObject && link(p, 'organization_id') === key);
    organizations.set(key, {
      key,
      address,
      name,
      roles: orgRoles.get(key) ?? new Map(),
      policy: own ? policy(own) : undefined,
      mappings: mappings.filter((m) => m.organization === key),
    });
  }

  const users = new Map(ofType('workos_user').map((o) => [keyOf(o), str(o.values.email) ?? o.address]));
  const memberships = new Map<string, MembershipModel>();
  for (const o of ofType('workos_organization_membership')) {
    const user = link(o, 'user_id');
    memberships.set(keyOf(o), {
      key: keyOf(o),
      address: o.address,
      organization: link(o, 'organization_id') ?? '(unknown organization)',
      user: (user && users.get(user)) ?? user ?? o.address,
      roles: strings(o.values.roles),
    });
  }

  const resources = new Map<string, ResourceModel>();
  for (const o of ofType('workos_resource')) {
    resources.set(keyOf(o), {
      key: keyOf(o),
      address: o.address,
      organization: link(o, 'organization_id') ?? '(unknown organization)',
      type: str(o.values.resource_type_slug) ?? '',
      externalId: str(o.values.external_id) ?? '',
      name: str(o.values.name) ?? str(o.values.external_id) ?? o.address,
      parent: link(o, 'parent_id'),
    });
  }

  const assignments: AssignmentModel[] = ofType('workos_resource_assignment').map((o) => {
    const membership = link(o, 'organization_membership_id') ?? newObjectKey(o.address);
    const org = memberships.get(membership)?.organization;
    const byId = link(o, 'resource_id');
    const type = str(o.values.resource_type_slug);
    const ext = str(o.values.resource_external_id);
    const resource = byId !== undefined ? (resources.has(byId) ? byId : undefined) : [...resources.values()].find((r) => r.type === type && r.externalId === ext && (org === undefined || r.organization === org))?.key;
    const known = resource ? resources.get(resource) : undefined;
    return {
      address: o.address,
      membership,
      role: str(o.values.role_slug) ?? '',
      resource,
      resourceLabel: known ? `${known.type} ${known.name}` : byId !== undefined ? `resource ${byId}` : `${type ?? '?'} ${ext ?? '?'}`,
    };
  });

  return {
    environment: { roles: envRoles, policy: envPolicyObject ? policy(envPolicyObject) : undefined },
    organizations,
    memberships,
    resources,
    assignments,
  };
}

// ---- policy in force ---------------------------------------------------------------------

/** The environment's policy as far as the managed objects say; roles not listed rank below. */
export function environmentPolicy(t: Topology): RoleTopology {
  return withSettings(initialPolicy([...t.environment.roles.keys()]), t.environment.policy ?? {});
}

/**
 * The policy in force in an organization (docs/semantics.md, "The snapshot rule"). Without
 * custom roles it is the environment's. The first custom role gives the organization its own
 * copy (`snapshot`: the environment's policy when that role was created), which it keeps even
 * when its custom roles go; its custom roles and environment roles rank at the bottom of it, in
 * that order, and its own `RolePolicy` sets what it sets on top.
 */
export function organizationPolicy(t: Topology, org: OrganizationModel, snapshot?: RoleTopology): RoleTopology {
  const environment = environmentPolicy(t);
  const copy = snapshot ?? (hasOwnPolicy(org) ? environment : undefined);
  const own = copy && withSettings(withRolesAtBottom(copy, [...org.roles.keys(), ...t.environment.roles.keys()]), org.policy ?? {});
  return policyInForce(environment, own);
}

/** Whether the organization already has its own copy of the environment policy. */
export const hasOwnPolicy = (org: OrganizationModel | undefined): boolean => org !== undefined && (org.roles.size > 0 || org.policy !== undefined);

/** An organization's compiled topology (policy plus mappings) for resolution. */
export function compileOrganization(policy: RoleTopology, org: OrganizationModel, dropRoles: ReadonlySet<string> = new Set()): CompiledTopology {
  const roles = (m: MappingModel) => m.roles.filter((r) => !dropRoles.has(r));
  const group = (kind: MappingKind) =>
    org.mappings.filter((m) => m.kind === kind && roles(m).length > 0).map((m) => ({ group: m.group, roles: roles(m), mode: m.mode, id: `${kind === 'sso' ? 'SSO' : kind} group "${m.group}"` }));
  return compileTopology({
    ...policy,
    directoryMappings: group('directory'),
    ssoMappings: group('sso'),
    attributeMappings: org.mappings
      .filter((m) => m.kind === 'attribute' && roles(m).length > 0)
      .map((m) => ({ attribute: m.group, value: m.value ?? '', roles: roles(m), mode: m.mode, id: `attribute ${m.group} = "${m.value ?? ''}"` })),
  });
}

/** Permissions a role grants in an organization (its own roles first, then the environment's). */
export function rolePermissions(t: Topology, org: OrganizationModel | undefined, slug: string): readonly string[] | undefined {
  return (org?.roles.get(slug) ?? t.environment.roles.get(slug))?.permissions;
}

export function permissionsOf(t: Topology, org: OrganizationModel | undefined, roles: readonly string[]): string[] {
  return [...new Set(roles.flatMap((r) => rolePermissions(t, org, r) ?? []))].sort();
}

/** The resource and its ancestors, nearest first. */
export function ancestry(t: Topology, key: string): ResourceModel[] {
  const out: ResourceModel[] = [];
  for (let r = t.resources.get(key); r && !out.includes(r); r = r.parent ? t.resources.get(r.parent) : undefined) out.push(r);
  return out;
}

export type { Resolution, UserFacts };
export { resolveEffectiveRoles };
