/**
 * Guardrails (README, "Guardrails: `impact --policy`"): the policy file, its loader and the
 * evaluation. `workos-rbac impact --policy` and `cdktf-workos-rbac/testing` use this module.
 */
import { compareTopologies } from '../impact';
import type { AccessState } from '../state';
import { buildTopology, type Topology } from '../topology';
import { evaluatePolicy, type PolicyResult } from './evaluate';
import type { Policy } from './schema';

export { evaluatePolicy, matchesPattern, type Decision, type Finding, type PolicyResult } from './evaluate';
export { loadPolicyFile, parsePolicy, PolicyError } from './load';
export { renderDecision } from './render';
export { policyJsonSchema, policySchema, type Policy, type PolicyRule, type SubjectSelector } from './schema';
export type { AccessState, SubjectAccess } from '../state';

/** What every subject holds in a topology, as after a plan that creates it all (a synthesized stack). */
export function accessStateOf(topology: Topology): AccessState {
  return compareTopologies({ format_version: '1.0' }, buildTopology([]), topology).after;
}

/**
 * Evaluates a policy on a topology (a synthesized stack); with `before`, also on the change
 * from `before` to it. Without `before` there is no change: `protected` and `max_change` never fire.
 */
export function evaluateTopology(policy: Policy, after: Topology, before?: Topology): PolicyResult {
  const compared = compareTopologies({ format_version: '1.0' }, before ?? buildTopology([]), after);
  return evaluatePolicy(policy, compared.after, before ? compared.report.changes : []);
}
