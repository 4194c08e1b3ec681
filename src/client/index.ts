/**
 * The WorkOS client: `WorkosClient` (./workos-client), one API class per area in the file
 * named after its resource, typed errors (./errors) and the HTTP layer (./http).
 *
 * An area file (`role.ts`) holds, top to bottom: the domain type, the zod schema of the wire
 * object (`satisfies z.ZodType<Wire.Role>`), `toRole` (wire → domain), the request-body
 * builders (domain → wire, each `satisfies` its generated DTO) and the API class. To add an
 * area: write `<stem>.ts` that way, give `WorkosClient` a property for it (the `WorkosApi`
 * contract follows), re-export its types in ./types and its class here; name any new spec
 * schema in scripts/generate-api-types.mjs and run `npm run generate:api`.
 */
export * from './errors';
export * from './types';
export { WorkosClient, type WorkosClientOptions } from './workos-client';
export { PAGE_LIMIT } from './paginate';
export { DirectoryGroupsApi, DirectoryUsersApi } from './directory-sync';
export { DirectoriesApi } from './directory';
export { MembershipsApi } from './organization-membership';
export { OrganizationRolesApi } from './organization-role';
export { OrganizationsApi } from './organization';
export { PermissionsApi } from './permission';
export { ResourceTypesApi } from './resource-type';
export { ResourcesApi } from './resource';
export { RoleAssignmentsApi } from './resource-assignment';
export { RoleMappingsApi } from './role-mapping';
export { EventsApi } from './events';
export { RolePolicyApi } from './role-policy';
export { RolesApi } from './role';
export { UsersApi } from './user';
export {
  path,
  encodePathParam,
  InvalidPathParameterError,
  parseRetryAfter,
  defaultRetryDelay,
  DEFAULT_USER_AGENT,
  DEFAULT_MAX_RETRIES,
  RETRY_AFTER_CAP_MS,
  type RetryDelay,
  type RetryEvent,
  type TransportStats,
} from './http';
export {
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_REQUESTS_PER_SECOND,
  DEFAULT_UNREACHABLE_AFTER,
  ReachabilityBreaker,
  RequestLimiter,
  type BreakerOptions,
  type Clock,
  type LimiterOptions,
} from './limiter';
