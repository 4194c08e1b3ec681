/**
 * What the provider serves, by terraform type name. The protocol layer looks everything up
 * here and knows no resource by name. The provider's own registry is checked against the one
 * list of schemas (src/schemas/index.ts): each schema served by exactly one handler.
 */
import type { ResourceSchema } from '../src/schemas/builder';
import { dataSourceSchemas, resourceSchemas } from '../src/schemas';
import type { DataSourceHandler, ResourceHandler } from './handler';
import { dataSources, handlers } from './handlers';

export type { DataSourceHandler } from './handler';

export interface Registry {
  readonly resources: ReadonlyMap<string, ResourceHandler>;
  readonly dataSources: ReadonlyMap<string, DataSourceHandler>;
}

export function createRegistry(resources: readonly ResourceHandler[], dataSources: readonly DataSourceHandler[] = []): Registry {
  const byType = <T extends { schema: ResourceSchema }>(items: readonly T[]): Map<string, T> => {
    const map = new Map<string, T>();
    for (const item of items) {
      if (map.has(item.schema.typeName)) throw new Error(`duplicate handler for ${item.schema.typeName}`);
      map.set(item.schema.typeName, item);
    }
    return map;
  };
  return { resources: byType(resources), dataSources: byType(dataSources) };
}

export interface SchemaLists {
  readonly resources: readonly ResourceSchema[];
  readonly dataSources: readonly ResourceSchema[];
}

/**
 * Throws, naming every mismatch, unless each listed schema is served by exactly one handler
 * (the very schema object, not a copy) and no handler serves anything unlisted.
 */
export function checkRegistry(registry: Registry, lists: SchemaLists = { resources: resourceSchemas, dataSources: dataSourceSchemas }): Registry {
  const problems = [...mismatches('resource', registry.resources, lists.resources), ...mismatches('data source', registry.dataSources, lists.dataSources)];
  if (problems.length > 0) throw new Error(`The provider's handlers do not match src/schemas/index.ts:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return registry;
}

function mismatches(kind: string, served: ReadonlyMap<string, { readonly schema: ResourceSchema }>, listed: readonly ResourceSchema[]): string[] {
  const problems: string[] = [];
  for (const schema of listed) {
    const handler = served.get(schema.typeName);
    if (!handler) problems.push(`no handler serves the ${kind} ${schema.typeName}`);
    else if (handler.schema !== schema) problems.push(`the handler of the ${kind} ${schema.typeName} has a schema other than the one listed`);
  }
  const listedNames = new Set(listed.map((s) => s.typeName));
  for (const typeName of served.keys()) {
    if (!listedNames.has(typeName)) problems.push(`a handler serves the ${kind} ${typeName}, which is not listed`);
  }
  return problems;
}

/** The provider's own registry: every handler in providers/handlers, checked against src/schemas. */
export function defaultRegistry(): Registry {
  return checkRegistry(createRegistry(handlers, dataSources));
}
