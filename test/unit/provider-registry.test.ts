/** The provider's registry against the one list of schemas (src/schemas/index.ts). */
import { dataSourceSchemas, resourceSchemas, roleSchema } from '../../src/schemas';
import { dataSources, handlers } from '../../providers/handlers';
import { checkRegistry, createRegistry, defaultRegistry } from '../../providers/registry';

describe('provider registry', () => {
  test('every listed schema is served by exactly one handler, and nothing else is served', () => {
    const registry = defaultRegistry();
    expect([...registry.resources.keys()].sort()).toEqual(resourceSchemas.map((s) => s.typeName).sort());
    expect([...registry.dataSources.keys()].sort()).toEqual(dataSourceSchemas.map((s) => s.typeName).sort());
    for (const schema of [...resourceSchemas, ...dataSourceSchemas]) {
      expect(registry.resources.get(schema.typeName)?.schema ?? registry.dataSources.get(schema.typeName)?.schema).toBe(schema);
    }
  });

  test('GIVEN a listed resource without a handler WHEN checked THEN it fails naming it', () => {
    const withoutRole = createRegistry(
      handlers.filter((h) => h.schema !== roleSchema),
      dataSources,
    );
    expect(() => checkRegistry(withoutRole)).toThrow('no handler serves the resource workos_role');
  });

  test('GIVEN a handler for an unlisted type, or one with a copied schema, WHEN checked THEN it fails', () => {
    const role = handlers.find((h) => h.schema === roleSchema)!;
    const registry = createRegistry(
      [...handlers.filter((h) => h !== role), { ...role, schema: { ...roleSchema } }, { ...role, schema: { ...roleSchema, typeName: 'workos_extra' } }],
      dataSources,
    );
    expect(() => checkRegistry(registry)).toThrow(/workos_role has a schema other than the one listed[\s\S]*serves the resource workos_extra, which is not listed/);
  });

  test('GIVEN two handlers for one type WHEN the registry is built THEN it fails', () => {
    expect(() => createRegistry([handlers[0], handlers[0]])).toThrow(`duplicate handler for ${handlers[0].schema.typeName}`);
  });
});
