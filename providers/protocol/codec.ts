/**
 * cty values over the wire, typed by the schema. Terraform sends objects as msgpack (or,
 * from stored state, JSON); null is nil, an unknown is a msgpack extension (type 0, or 12
 * for a refined unknown: every extension is read as UNKNOWN). Objects written back must
 * carry every attribute of the schema.
 */
import { Decoder, Encoder, ExtData } from '@msgpack/msgpack';
import { UNKNOWN, isUnknown, type AttrType, type AttributeSpec } from '../../src/schemas/builder';
import type { Values } from '../handler';

export type Attributes = Readonly<Record<string, AttributeSpec>>;

/** tfplugin6.DynamicValue as grpc-js hands it over (bytes fields are Buffers). */
export interface DynamicValue {
  msgpack?: Uint8Array | null;
  json?: Uint8Array | null;
}

const UNKNOWN_WIRE = new ExtData(0, Uint8Array.of(0));

// One of each for the process: the library's decode() and encode() build a new one per value,
// and an encoder starts with a buffer of 2 KiB. Both copy what they hand back, and make a
// fresh instance of their own if ever re-entered.
const decoder = new Decoder();
const encoder = new Encoder();

/** Decodes an object of the schema's attributes; null for an absent or null value. */
export function decodeObject(attributes: Attributes, dv: DynamicValue | null | undefined): Values | null {
  if (!dv) return null;
  let raw: unknown;
  if (dv.msgpack && dv.msgpack.length > 0) raw = decoder.decode(dv.msgpack);
  else if (dv.json && dv.json.length > 0) raw = JSON.parse(Buffer.from(dv.json).toString('utf8'));
  else return null;
  return objectFromWire(attributes, raw);
}

/** Decodes the JSON of stored state (UpgradeResourceState). */
export function decodeJsonObject(attributes: Attributes, json: Uint8Array): Values | null {
  return objectFromWire(attributes, JSON.parse(Buffer.from(json).toString('utf8')));
}

export function objectFromWire(attributes: Attributes, raw: unknown): Values | null {
  if (raw === null || raw === undefined) return null;
  const wholeUnknown = raw instanceof ExtData;
  const source = (wholeUnknown ? {} : raw) as Record<string, unknown>;
  const out: Values = {};
  for (const [name, spec] of Object.entries(attributes)) {
    out[name] = wholeUnknown ? UNKNOWN : fromWire(spec.type, source[name]);
  }
  return out;
}

function fromWire(t: AttrType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof ExtData) return UNKNOWN;
  if (t === 'number') return typeof v === 'string' ? Number(v) : v; // cty sends big numbers as strings
  if (typeof t === 'string') return v;
  if ('set' in t) return (v as unknown[]).map((e) => fromWire(t.set, e));
  if ('list' in t) return (v as unknown[]).map((e) => fromWire(t.list, e));
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, fromWire(t.map, e)]));
}

/** Encodes an object with every attribute of the schema (null where missing) as msgpack. */
export function encodeObject(attributes: Attributes, value: Values | null): { msgpack: Uint8Array } {
  return { msgpack: encoder.encode(objectToWire(attributes, value)) };
}

function objectToWire(attributes: Attributes, value: Values | null): unknown {
  if (value === null) return null;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(attributes)) out[name] = toWire(spec.type, value[name]);
  return out;
}

function toWire(t: AttrType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (isUnknown(v)) return UNKNOWN_WIRE;
  if (typeof t === 'string') return v;
  if ('set' in t) return (v as unknown[]).map((e) => toWire(t.set, e));
  if ('list' in t) return (v as unknown[]).map((e) => toWire(t.list, e));
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, toWire(t.map, e)]));
}

/** cty equality for planning: sets compare order-insensitively; UNKNOWN equals only UNKNOWN. */
export function valuesEqual(t: AttrType, a: unknown, b: unknown): boolean {
  const an = a === undefined ? null : a;
  const bn = b === undefined ? null : b;
  if (an === null || bn === null || isUnknown(an) || isUnknown(bn)) return an === bn;
  if (typeof t === 'string') return an === bn;
  if ('list' in t) {
    const [x, y] = [an as unknown[], bn as unknown[]];
    return x.length === y.length && x.every((e, i) => valuesEqual(t.list, e, y[i]));
  }
  if ('set' in t) {
    const [x, y] = [an as unknown[], bn as unknown[]];
    const contains = (arr: unknown[], e: unknown): boolean => arr.some((f) => valuesEqual(t.set, e, f));
    return x.every((e) => contains(y, e)) && y.every((e) => contains(x, e));
  }
  const [x, y] = [an as Record<string, unknown>, bn as Record<string, unknown>];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => k in y && valuesEqual(t.map, x[k], y[k]));
}

/** True when the value or anything inside it is UNKNOWN. */
export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsUnknown);
  return false;
}
