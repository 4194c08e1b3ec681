/**
 * `cdktf-workos-rbac/testing`: offline access tests of a stack, in jest, without a server, and
 * `validateStack` (the checks `cdktf synth` runs, which `Testing.synthScope` does not).
 *
 *   const access = AccessModel.fromStack(stack);
 *   expect(access.rolesFor(globex, { ssoGroups: ['Platform Admins'] })).toEqual(['org-admin']);
 *   expect(access.can(alice, 'projects:edit', apiBackend)).toBe(true);
 *
 * It reads the synthesized stack (the same topology model as `workos-rbac impact`) and
 * answers with the provider's resolution engine. It models a fresh deploy of the stack: an
 * organization's first custom role copies the environment's policy as this stack sets it.
 * Roles that no `RolePolicy` orders rank in creation order on the target, which depends on
 * terraform's parallelism; here they rank in the order the stack defines them.
 *
 * `checkGuardrails` runs the rules of a policy file (README, "Guardrails: `impact --policy`")
 * on the access a stack gives, and on the change from another stack:
 *
 *   expect(checkGuardrails(stack, 'policy.yaml').decision).toBe('ALLOW');
 */
import { Testing, TerraformResource, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { checkAccess, membershipRoles, resolveRolesIn, type AccessDecision } from '../src/impact/access';
import { evaluateTopology, loadPolicyFile, parsePolicy, type Finding, type Policy, type PolicyResult, type PolicyRule } from '../src/impact/policy';
import { synthesizedObjects, newObjectKey } from '../src/impact/sources';
import { buildTopology, permissionsOf, rolePermissions, type MembershipModel, type OrganizationModel, type Resolution, type Topology } from '../src/impact/topology';
import type { Organization } from './organization';
import type { OrganizationMembership } from './organization-membership';
import type { Permission } from './permission';
import type { Resource } from './resource';

/** A problem `cdktf synth` reports about one construct. */
export interface StackDiagnostic {
  readonly severity: 'error' | 'warning';
  /** The construct's path, e.g. `stack/admin`. */
  readonly path: string;
  /** As `cdktf synth` prints it, naming the prop: `Invalid value for "permissions" element "Users View": …`. */
  readonly message: string;
}

/**
 * Runs the validations `cdktf synth` runs (cdktf's `Testing.synthScope` and `Testing.synth`
 * without `runValidations` run none): the stack's aspects, then every construct's checks (the
 * provider's rules on each attribute, and the whole-stack checks), and returns what they report
 * instead of throwing. Warnings are those the constructs attached (once each).
 *
 *   expect(validateStack(stack)).toEqual([]);
 *   expect(validateStack(stack)).toContainEqual({ severity: 'error', path: 'stack/admin', message: expect.stringMatching(/"permissions"/) });
 */
export function validateStack(stack: TerraformStack): StackDiagnostic[] {
  Testing.synth(stack); // invokes the aspects, as synth does before validating
  const constructs: IConstruct[] = stack.node.findAll();
  const errors = constructs.flatMap((c) => c.node.validate().map((message): StackDiagnostic => ({ severity: 'error', path: c.node.path, message })));
  const warnings = new Map<string, StackDiagnostic>();
  for (const c of constructs) {
    for (const m of c.node.metadata) {
      if (m.type === '@cdktf/warn') warnings.set(`${c.node.path}\n${String(m.data)}`, { severity: 'warning', path: c.node.path, message: String(m.data) });
    }
  }
  return [...errors, ...warnings.values()];
}

/** A user's facts as its IdP sends them. */
export interface MemberFacts {
  readonly directoryGroups?: readonly string[];
  readonly ssoGroups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** An organization: the construct, or its name. */
export type OrganizationSelector = Organization | string;
/** A membership: the construct, or the organization's name and the user's email. */
export type MembershipSelector = OrganizationMembership | { readonly organization: string; readonly user: string };
/** A resource: the construct, or its type slug and external id. */
export type ResourceSelector = Resource | { readonly type: string; readonly externalId: string };

export class AccessModel {
  /** Synthesizes the stack (`Testing.synth`) and models it. */
  static fromStack(stack: TerraformStack): AccessModel {
    return new AccessModel(buildTopology(synthesizedObjects(Testing.synth(stack))));
  }

  /** Models a synthesized stack: `Testing.synth(stack)` output or a `cdk.tf.json`'s text. */
  static fromSynthesized(synth: string | object): AccessModel {
    return new AccessModel(buildTopology(synthesizedObjects(synth)));
  }

  private constructor(
    /** The topology model, as `workos-rbac impact` builds it. */
    readonly topology: Topology,
  ) {}

  /** The organization-level roles a member with these groups/attributes gets, highest priority first. */
  rolesFor(organization: OrganizationSelector, facts: MemberFacts = {}): string[] {
    return [...this.resolve(organization, facts).roles];
  }

  /** The full resolution: roles, the mapping and rule behind each, and dropped candidates. */
  resolve(organization: OrganizationSelector, facts: MemberFacts = {}): Resolution {
    return resolveRolesIn(this.topology, this.organization(organization), facts);
  }

  /** The permissions those roles grant, where the stack defines the roles. */
  permissionsFor(organization: OrganizationSelector, facts: MemberFacts = {}): string[] {
    return permissionsOf(this.topology, this.organization(organization), this.rolesFor(organization, facts));
  }

  /**
   * The permission slugs a role grants, as plain strings: an environment role, or with
   * `organization` also that organization's own roles. undefined: the stack does not define it.
   */
  rolePermissions(role: string | { readonly slugInput: string }, organization?: OrganizationSelector): string[] | undefined {
    const slug = typeof role === 'string' ? role : role.slugInput;
    const found = rolePermissions(this.topology, organization === undefined ? undefined : this.organization(organization), slug);
    return found === undefined ? undefined : [...found].sort();
  }

  /** The membership's organization-level roles: explicit ones, else what `facts` resolve to. */
  membershipRoles(membership: MembershipSelector, facts: MemberFacts = {}): string[] {
    return [...membershipRoles(this.topology, this.membership(membership), facts)];
  }

  /** May the membership do `permission` on the resource (directly, through an ancestor, or its organization role)? */
  can(membership: MembershipSelector, permission: Permission | string, resource: ResourceSelector, facts: MemberFacts = {}): boolean {
    return this.check(membership, permission, resource, facts).allowed;
  }

  /** `can`, with the reason. */
  check(membership: MembershipSelector, permission: Permission | string, resource: ResourceSelector, facts: MemberFacts = {}): AccessDecision {
    const slug = typeof permission === 'string' ? permission : permission.slugInput;
    return checkAccess(this.topology, this.membership(membership), slug, this.resource(resource), facts);
  }

  private organization(selector: OrganizationSelector): OrganizationModel {
    const orgs = [...this.topology.organizations.values()];
    const found = typeof selector === 'string' ? orgs.filter((o) => o.name === selector) : orgs.filter((o) => o.key === keyOf(selector));
    if (found.length !== 1) throw new Error(`${found.length === 0 ? 'no' : 'more than one'} organization ${describe(selector)} in this stack (organizations: ${orgs.map((o) => o.name).join(', ') || 'none'})`);
    return found[0]!;
  }

  private membership(selector: MembershipSelector): MembershipModel {
    const all = [...this.topology.memberships.values()];
    const found =
      selector instanceof TerraformResource
        ? all.filter((m) => m.key === keyOf(selector))
        : all.filter((m) => m.user === selector.user && this.topology.organizations.get(m.organization)?.name === selector.organization);
    if (found.length !== 1) throw new Error(`no single membership ${selector instanceof TerraformResource ? selector.node.path : `of ${selector.user} in ${selector.organization}`} in this stack`);
    return found[0]!;
  }

  private resource(selector: ResourceSelector): string {
    const all = [...this.topology.resources.values()];
    const found = selector instanceof TerraformResource ? all.filter((r) => r.key === keyOf(selector)) : all.filter((r) => r.type === selector.type && r.externalId === selector.externalId);
    if (found.length !== 1) throw new Error(`no single resource ${selector instanceof TerraformResource ? selector.node.path : `${selector.type} ${selector.externalId}`} in this stack`);
    return found[0]!.key;
  }
}

/** The key a construct's object has in a model of its synthesized stack. */
const keyOf = (c: TerraformResource): string => newObjectKey(`${c.terraformResourceType}.${c.friendlyUniqueId}`);
const describe = (s: OrganizationSelector) => (typeof s === 'string' ? JSON.stringify(s) : s.node.path);

/**
 * Evaluates guardrails on the access a stack gives after a fresh deploy: the policy as a file
 * (YAML or JSON), a parsed policy, or rules written in TypeScript. With `options.before`, also
 * on the change from that stack (for `protected` and `max_change`, which look at a change only).
 * Rules are validated as the policy file is; a bad rule throws, naming its field.
 */
export function checkGuardrails(
  stack: TerraformStack | AccessModel,
  policy: string | Policy | readonly PolicyRule[],
  options: { readonly before?: TerraformStack | AccessModel } = {},
): PolicyResult {
  const model = (s: TerraformStack | AccessModel) => (s instanceof AccessModel ? s : AccessModel.fromStack(s));
  const parsed = typeof policy === 'string' ? loadPolicyFile(policy) : parsePolicy(Array.isArray(policy) ? { version: 1, rules: policy } : policy, 'policy');
  return evaluateTopology(parsed, model(stack).topology, options.before && model(options.before).topology);
}

export type { AccessDecision, Finding, Policy, PolicyResult, PolicyRule, Resolution };
