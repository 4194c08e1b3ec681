/**
 * A live target as managed objects: what `workos-rbac export` reads (src/export/read.ts) and
 * adopts (src/export/model.ts), with each reference replaced by the value it names, so the
 * audit builds the same topology from it as from a plan.
 */
import { isRef, type AdoptionModel, type Value } from '../export/model';
import type { ManagedObject } from '../impact/sources';

/** Kinds whose import id is the object's id (others are referred to by slug, or not at all). */
const ID_KINDS = new Set(['organization', 'user', 'organization_membership', 'resource']);

export function adoptedObjects(model: AdoptionModel): ManagedObject[] {
  const resolve = (v: Value): unknown => {
    if (Array.isArray(v)) return v.map((x) => resolve(x));
    if (isRef(v)) return v.attribute === 'id' ? v.ref.importId : v.ref.attributes.slug;
    return v;
  };
  return model.items.map((item) => ({
    address: `${item.type}.${item.hclName}`,
    type: item.type,
    values: { ...Object.fromEntries(Object.entries(item.attributes).map(([k, v]) => [k, resolve(v)])), ...(ID_KINDS.has(item.kind) ? { id: item.importId } : {}) },
    refs: {},
  }));
}
