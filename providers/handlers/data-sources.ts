/** Every data source the provider serves. Adding one = one file + one line here. */
import type { DataSourceHandler } from '../registry';
import { accessCheckDataSource } from './access-check';
import { effectiveRolesDataSource } from './effective-roles';

export const dataSources: DataSourceHandler[] = [effectiveRolesDataSource, accessCheckDataSource];
