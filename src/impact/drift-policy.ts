/**
 * The seam where guardrails apply to drift (README, "Watching for drift"): a policy file's
 * rules evaluated over the access changes drift made and the target as it is now. The
 * guardrails engine is written separately; until it is wired here, `--policy` is refused
 * as a bad argument rather than silently ignored.
 */
import type { AccessChange } from './impact';
import type { ManagedObject } from './sources';

export interface DriftPolicyInput {
  /** The policy file given with `--policy`. */
  readonly policyFile: string;
  /** Who gained or lost what by the drift (the impact engine's changes). */
  readonly changes: readonly AccessChange[];
  /** The target now: the refreshed state's WorkOS objects (`priorObjects` of the refresh-only plan). */
  readonly after: readonly ManagedObject[];
}

/** Thrown when the policy cannot be evaluated; the CLI shows it with the usage and exits 2. */
export class DriftPolicyUnavailable extends Error {}

/**
 * Evaluates the policy over the drift. Returns what the drift report shows and whether the
 * job fails; to be implemented by calling the guardrails engine.
 */
export function evaluateDriftPolicy(input: DriftPolicyInput): { readonly markdown: string; readonly json: unknown; readonly blocked: boolean } {
  throw new DriftPolicyUnavailable(`--policy ${input.policyFile}: guardrails are not wired into drift yet`);
}
