/**
 * `cdktf-workos-rbac/core`: the framework-free part, for applications and tools. No cdktf,
 * no gRPC: safe to import at sign-in.
 */
export * from './resolution';
export { WorkosClient } from './client';
export * from './client/errors';
export type * from './client/types';
export { startControlPlane } from './control-plane';
export * as slugRules from './slug';
export { permissionSchema, roleSchema, providerConfigSchema } from './schemas';
export { computeImpact, impactWithState, type ImpactReport, type AccessChange, type ImpactWarning, type Subject } from './impact/impact';
export { evaluatePolicy, loadPolicyFile, parsePolicy, PolicyError, type AccessState, type Finding, type Policy, type PolicyResult, type PolicyRule } from './impact/policy';
export { renderMarkdown as renderImpactMarkdown, IMPACT_MARKER } from './impact/render';
