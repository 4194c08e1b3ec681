/**
 * Generic planning from the schema, before a handler's own `modifyPlan`. Terraform checks
 * the result: non-computed attributes must equal config, computed ones may be UNKNOWN,
 * optional+computed ones may be filled only where config is null.
 */
import { UNKNOWN, type ResourceSchema } from '../../src/schemas/builder';
import type { Values } from '../handler';
import { valuesEqual } from './codec';

export interface PlanResult {
  readonly planned: Values | null;
  /** Attribute names whose change forces a replacement. */
  readonly requiresReplace: string[];
}

const isNull = (v: unknown): boolean => v === null || v === undefined;

export function planFromSchema(schema: ResourceSchema, prior: Values | null, proposed: Values | null, config: Values | null): PlanResult {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const attributes = Object.entries(schema.attributes);
  const planned: Values = { ...proposed };
  const configured = (name: string): boolean => !isNull(config?.[name]);

  if (prior === null) {
    for (const [name, spec] of attributes) {
      if (spec.mode === 'computed') planned[name] = UNKNOWN;
      else if (spec.mode === 'optional_computed' && !configured(name)) planned[name] = spec.default !== undefined ? spec.default : UNKNOWN;
    }
    return { planned, requiresReplace: [] };
  }

  for (const [name, spec] of attributes) {
    if (spec.mode === 'optional_computed' && !configured(name)) planned[name] = spec.default !== undefined ? spec.default : prior[name];
    if (spec.mode === 'computed' && spec.useStateForUnknown) planned[name] = prior[name];
  }
  const differs = (name: string): boolean => !valuesEqual(schema.attributes[name]!.type, planned[name], prior[name]);
  const configChanged = attributes.some(([name, spec]) => spec.mode !== 'computed' && differs(name));
  for (const [name, spec] of attributes) {
    if (spec.mode === 'computed' && !spec.useStateForUnknown) planned[name] = configChanged ? UNKNOWN : prior[name];
  }

  const requiresReplace = attributes.filter(([name, spec]) => spec.requiresReplace && differs(name)).map(([name]) => name);
  if (requiresReplace.length > 0) {
    // A new object: nothing the server computes carries over from the old one.
    for (const [name, spec] of attributes) {
      if (spec.mode === 'computed') planned[name] = UNKNOWN;
      else if (spec.mode === 'optional_computed' && !configured(name) && spec.default === undefined) planned[name] = UNKNOWN;
    }
  }
  return { planned, requiresReplace };
}
