import { UNKNOWN, attr, type ResourceSchema } from '../../src/schemas/builder';
import { planFromSchema } from '../../providers/protocol/plan';

const schema: ResourceSchema = {
  typeName: 'test_thing',
  constructName: 'Thing',
  description: 'a thing',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'id' }),
    updated_at: attr.string({ mode: 'computed', description: 'changes on every update' }),
    slug: attr.string({ mode: 'required', requiresReplace: true, description: 'slug' }),
    name: attr.string({ mode: 'required', description: 'name' }),
    tags: attr.stringSet({ mode: 'optional', description: 'tags' }),
    behavior: attr.string({ mode: 'optional_computed', default: 'delete', description: 'with default' }),
    region: attr.string({ mode: 'optional_computed', description: 'server picks' }),
  },
};

const prior = { id: 'x_1', updated_at: 't1', slug: 's', name: 'n', tags: ['a', 'b'], behavior: 'delete', region: 'eu' };
const configOf = (v: Record<string, unknown>) => ({ id: null, updated_at: null, behavior: null, region: null, tags: null, ...v });
/** What terraform proposes: config, with prior values where config leaves computed attributes null. */
const proposedOf = (config: Record<string, unknown>, from: Record<string, unknown> | null) =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v === null && from && ['id', 'updated_at', 'behavior', 'region'].includes(k) ? from[k] : v]));

describe('generic planning from the schema', () => {
  it('GIVEN no prior state WHEN planning THEN computed attributes are unknown and defaults fill optional+computed ones', () => {
    const config = configOf({ slug: 's', name: 'n' });
    const { planned, requiresReplace } = planFromSchema(schema, null, proposedOf(config, null), config);
    expect(planned).toEqual({ ...config, id: UNKNOWN, updated_at: UNKNOWN, behavior: 'delete', region: UNKNOWN });
    expect(requiresReplace).toEqual([]);
  });

  it('GIVEN nothing changed WHEN planning THEN the plan equals the prior state (sets compared without order)', () => {
    const config = configOf({ slug: 's', name: 'n', tags: ['b', 'a'] });
    const { planned, requiresReplace } = planFromSchema(schema, prior, proposedOf(config, prior), config);
    expect(planned).toEqual({ ...prior, tags: ['b', 'a'] });
    expect(requiresReplace).toEqual([]);
  });

  it('GIVEN an in-place change THEN id keeps its value and other computed attributes become unknown', () => {
    const config = configOf({ slug: 's', name: 'renamed' });
    const { planned, requiresReplace } = planFromSchema(schema, prior, proposedOf(config, prior), config);
    expect(planned).toMatchObject({ id: 'x_1', updated_at: UNKNOWN, name: 'renamed', tags: null, behavior: 'delete', region: 'eu' });
    expect(requiresReplace).toEqual([]);
  });

  it('GIVEN a config that drops an optional+computed setting THEN its default comes back', () => {
    const config = configOf({ slug: 's', name: 'n', tags: ['a', 'b'] });
    const { planned } = planFromSchema(schema, { ...prior, behavior: 'abandon' }, proposedOf(config, { ...prior, behavior: 'abandon' }), config);
    expect(planned!.behavior).toBe('delete');
  });

  it('GIVEN a changed requiresReplace attribute THEN it is reported and every computed value is unknown', () => {
    const config = configOf({ slug: 'other', name: 'n', tags: ['a', 'b'] });
    const { planned, requiresReplace } = planFromSchema(schema, prior, proposedOf(config, prior), config);
    expect(requiresReplace).toEqual(['slug']);
    expect(planned).toMatchObject({ id: UNKNOWN, updated_at: UNKNOWN, slug: 'other', behavior: 'delete', region: UNKNOWN });
  });

  it('GIVEN an unknown requiresReplace value in config THEN replacement is planned', () => {
    const config = configOf({ slug: UNKNOWN, name: 'n', tags: ['a', 'b'] });
    expect(planFromSchema(schema, prior, proposedOf(config, prior), config).requiresReplace).toEqual(['slug']);
  });

  it('GIVEN a destroy (proposed null) THEN the plan is null', () => {
    expect(planFromSchema(schema, prior, null, null)).toEqual({ planned: null, requiresReplace: [] });
  });
});
