import { decode, encode, ExtData } from '@msgpack/msgpack';
import { UNKNOWN, attr } from '../../src/schemas/builder';
import { containsUnknown, decodeJsonObject, decodeObject, encodeObject, valuesEqual } from '../../providers/protocol/codec';

const attributes = {
  id: attr.string({ mode: 'computed', description: 'id' }),
  slug: attr.string({ mode: 'required', description: 'slug' }),
  count: attr.number({ mode: 'optional', description: 'count' }),
  enabled: attr.bool({ mode: 'optional', description: 'enabled' }),
  permissions: attr.stringSet({ mode: 'optional', description: 'set' }),
  order: attr.stringList({ mode: 'optional', description: 'list' }),
  labels: attr.stringMap({ mode: 'optional', description: 'map' }),
};

describe('cty msgpack codec', () => {
  it('round-trips every attribute type, writing nulls for missing attributes', () => {
    const value = { id: 'perm_1', slug: 'users:view', count: 3.5, enabled: true, permissions: ['a', 'b'], order: ['x'], labels: { k: 'v' } };
    expect(decodeObject(attributes, encodeObject(attributes, value))).toEqual(value);

    const sparse = decode(encodeObject(attributes, { slug: 's' }).msgpack) as Record<string, unknown>;
    expect(Object.keys(sparse).sort()).toEqual(Object.keys(attributes).sort());
    expect(sparse).toMatchObject({ id: null, slug: 's', permissions: null, labels: null });
  });

  it('encodes UNKNOWN as extension type 0 (d4 00 00) and decodes it back', () => {
    const wire = encodeObject({ id: attributes.id }, { id: UNKNOWN }).msgpack;
    expect(Buffer.from(wire).toString('hex')).toBe('81a26964d40000');
    expect(decodeObject({ id: attributes.id }, { msgpack: wire })).toEqual({ id: UNKNOWN });
  });

  it('reads unknowns nested in sets, and any extension type (refined unknowns are type 12) as UNKNOWN', () => {
    const refined = new ExtData(12, encode({ 1: true }));
    const wire = encode({ slug: refined, permissions: ['a', new ExtData(0, Uint8Array.of(0))], labels: null });
    const decoded = decodeObject(attributes, { msgpack: wire })!;
    expect(decoded.slug).toBe(UNKNOWN);
    expect(decoded.permissions).toEqual(['a', UNKNOWN]);
    expect(containsUnknown(decoded.permissions)).toBe(true);
    expect(decodeObject(attributes, { msgpack: encodeObject(attributes, decoded).msgpack })).toEqual(decoded);
  });

  it('treats an absent DynamicValue and msgpack nil as null, and a whole unknown object as all-UNKNOWN', () => {
    expect(decodeObject(attributes, null)).toBeNull();
    expect(decodeObject(attributes, { msgpack: Buffer.alloc(0), json: Buffer.alloc(0) })).toBeNull();
    expect(decodeObject(attributes, { msgpack: encode(null) })).toBeNull();
    expect(decodeObject({ slug: attributes.slug }, { msgpack: encode(new ExtData(0, Uint8Array.of(0))) })).toEqual({ slug: UNKNOWN });
  });

  it('decodes cty numbers sent as strings (beyond float64 precision) and the JSON encoding', () => {
    expect(decodeObject({ count: attributes.count }, { msgpack: encode({ count: '12' }) })).toEqual({ count: 12 });
    const json = Buffer.from(JSON.stringify({ slug: 'a', extra_removed_attr: 1 }));
    expect(decodeObject({ slug: attributes.slug, id: attributes.id }, { json })).toEqual({ slug: 'a', id: null });
    expect(decodeJsonObject({ slug: attributes.slug }, json)).toEqual({ slug: 'a' });
  });

  it('compares sets without regard to order, lists with it', () => {
    expect(valuesEqual({ set: 'string' }, ['a', 'b'], ['b', 'a'])).toBe(true);
    expect(valuesEqual({ set: 'string' }, ['a'], ['a', 'b'])).toBe(false);
    expect(valuesEqual({ list: 'string' }, ['a', 'b'], ['b', 'a'])).toBe(false);
    expect(valuesEqual({ map: 'string' }, { a: '1' }, { a: '1' })).toBe(true);
    expect(valuesEqual('string', null, undefined)).toBe(true);
    expect(valuesEqual('string', UNKNOWN, 'x')).toBe(false);
  });
});
