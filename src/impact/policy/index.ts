/**
 * Guardrails (README, "Guardrails: `impact --policy`"): the policy file, its loader and the
 * evaluation. `workos-rbac impact --policy` and `cdktf-workos-rbac/testing` use this module.
 */
import { compareTopologies } from '../impact';
import type { AccessState } from '../state';
import { buildTopology, type Topology } from '../topology';

export { evaluatePolicy, matchesPattern, type Decision, type Finding, type PolicyResult } from './evaluate';
export { loadPolicyFile, parsePolicy, PolicyError } from './load';
export { renderDecision } from './render';
export { policyJsonSchema, policySchema, type Policy, type PolicyRule, type SubjectSelector } from './schema';
export type { AccessState, SubjectAccess } from '../state';

/** What every subject holds in a topology, as after a plan that creates it all (a synthesized stack). */
export function accessStateOf(topology: Topology): AccessState {
  return compareTopologies({ format_version: '1.0' }, buildTopology([]), topology).after;
}
