/**
 * The role policy rules, once: the control plane applies them as events happen, the impact
 * report computes them from a plan's objects (docs/semantics.md, "Objects" and "The snapshot
 * rule"). Pure functions, no I/O.
 */
import type { RoleTopology } from './resolution';

/** WorkOS's initial default role of every environment. */
export const INITIAL_DEFAULT_ROLE = 'member';

/** A scope's policy: default role, priority order (highest first) and multiple-roles mode. */
export type PolicySettings = Pick<RoleTopology, 'defaultRole' | 'priority' | 'multipleRoles'>;

/** A fresh environment's policy over its roles (in creation order): new roles rank at the bottom. */
export function initialPolicy(roles: readonly string[]): PolicySettings {
  return { defaultRole: INITIAL_DEFAULT_ROLE, priority: [...roles], multipleRoles: false };
}

/** The roles of `head` first, in that sequence; every other role below, keeping its order (each role once). */
export function headFirst(head: readonly string[], ...below: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set([...head, ...below.flat()])];
}

/** Roles created after the policy was taken go to the bottom of its order, in creation order. */
export function withRolesAtBottom<P extends { readonly priority: readonly string[] }>(policy: P, roles: readonly string[]): P & { priority: string[] } {
  return { ...policy, priority: headFirst(policy.priority, roles) };
}

/** What a role policy sets, on top of the policy it applies to: its roles head the order, its default role and mode replace. */
export function withSettings(policy: PolicySettings, set: Partial<PolicySettings>): PolicySettings {
  return {
    defaultRole: set.defaultRole ?? policy.defaultRole,
    priority: headFirst(set.priority ?? [], policy.priority),
    multipleRoles: set.multipleRoles ?? policy.multipleRoles,
  };
}

/**
 * The policy in force in an organization: the environment's until its first custom role; from
 * then on its own, a copy of the environment's policy as it was then, which it keeps even when
 * its custom roles go.
 */
export function policyInForce<P>(environment: P, own: P | null | undefined): P {
  return own ?? environment;
}
