/**
 * What the provider serves, by terraform type name. The protocol layer looks everything up
 * here and knows no resource by name.
 */
import type { ResourceSchema } from '../src/schemas/builder';
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

/** The provider's own registry: every handler in providers/handlers. */
export function defaultRegistry(): Registry {
  return createRegistry(handlers, dataSources);
}
