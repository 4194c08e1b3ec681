/**
 * The package surface (constructs/index.ts): one construct per schema of the one list in
 * src/schemas/index.ts, in the file named by the schema's stem, exported under its
 * constructName.
 */
import * as path from 'node:path';
import * as constructs from '../../../constructs';
import { dataSourceSchemas, fileStem, resourceSchemas } from '../../../src/schemas';

describe('one construct per schema', () => {
  test.each([...resourceSchemas, ...dataSourceSchemas].map((schema) => [schema.typeName, schema] as const))('%s: constructs/<stem>.ts defines it and the package exports it', (_typeName, schema) => {
    // GIVEN the construct file named by the schema's stem
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(path.join(__dirname, '../../../constructs', fileStem(schema.typeName)));

    // WHEN looking up the schema's constructName
    const construct = module[schema.constructName];

    // THEN it is the construct of that terraform type, and the one the package exports
    expect(construct?.tfResourceType).toBe(schema.typeName);
    expect((constructs as Record<string, unknown>)[schema.constructName]).toBe(construct);
  });
});
