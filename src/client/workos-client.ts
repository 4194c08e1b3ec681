/**
 * `WorkosClient`: the WorkOS authorization API (and the local control plane's dashboard
 * extras) over node:http(s). One class per API area, in the file named after its resource
 * (`role.ts`, `organization-membership.ts`, …); http.ts does the transport.
 */
import { NotFoundError } from './errors';
import { HttpTransport, newIdempotencyKey, path, type HttpOptions, type TransportStats } from './http';
import type { Resolution } from '../resolution';
import { NO_CAPABILITIES, toCapabilities, wireCapabilities, type Capabilities } from './capabilities';
import { DirectoriesApi } from './directory';
import { resolveRolesBody, toResolution, wireResolution, type ResolveRolesInput } from './effective-roles';
import { EventsApi } from './events';
import { DirectoryGroupsApi, DirectoryUsersApi } from './directory-sync';
import { MembershipsApi } from './organization-membership';
import { OrganizationRolesApi } from './organization-role';
import { OrganizationsApi } from './organization';
import { PermissionsApi } from './permission';
import { ResourceTypesApi } from './resource-type';
import { ResourcesApi } from './resource';
import { RoleAssignmentsApi } from './resource-assignment';
import { RoleMappingsApi } from './role-mapping';
import { RolePolicyApi } from './role-policy';
import { RolesApi } from './role';
import { UsersApi } from './user';

export type WorkosClientOptions = HttpOptions;

export class WorkosClient {
  readonly permissions: PermissionsApi;
  readonly roles: RolesApi;
  readonly organizations: OrganizationsApi;
  readonly users: UsersApi;
  readonly memberships: MembershipsApi;
  readonly organizationRoles: OrganizationRolesApi;
  /** Dashboard-only in WorkOS: check `capabilities().rolePolicy` first. */
  readonly rolePolicy: RolePolicyApi;
  /** Dashboard-only in WorkOS: check `capabilities().roleMappings` first. */
  readonly roleMappings: RoleMappingsApi;
  /** Dashboard-only in WorkOS: check `capabilities().resourceTypes` first. */
  readonly resourceTypes: ResourceTypesApi;
  /** Create, rename and the token are dashboard-only in WorkOS: check `capabilities().directories` first. */
  readonly directories: DirectoriesApi;
  readonly resources: ResourcesApi;
  readonly roleAssignments: RoleAssignmentsApi;
  /** WorkOS's event log; the local control plane adds the role changes (`roleChanges`). */
  readonly events: EventsApi;
  /** Directory Sync reads: what the IdP pushed. A target without directories lists none. */
  readonly directoryUsers: DirectoryUsersApi;
  readonly directoryGroups: DirectoryGroupsApi;
  private readonly http: HttpTransport;

  /** Requests sent, retries made and 429s received by this client so far (live counters). */
  get stats(): Readonly<TransportStats> {
    return this.http.stats;
  }

  constructor(options: WorkosClientOptions) {
    this.http = new HttpTransport(options);
    this.permissions = new PermissionsApi(this.http);
    this.roles = new RolesApi(this.http);
    this.organizations = new OrganizationsApi(this.http);
    this.users = new UsersApi(this.http);
    this.memberships = new MembershipsApi(this.http);
    this.organizationRoles = new OrganizationRolesApi(this.http);
    this.rolePolicy = new RolePolicyApi(this.http);
    this.roleMappings = new RoleMappingsApi(this.http);
    this.resourceTypes = new ResourceTypesApi(this.http);
    this.directories = new DirectoriesApi(this.http);
    this.resources = new ResourcesApi(this.http);
    this.roleAssignments = new RoleAssignmentsApi(this.http);
    this.events = new EventsApi(this.http);
    this.directoryUsers = new DirectoryUsersApi(this.http);
    this.directoryGroups = new DirectoryGroupsApi(this.http);
  }

  /**
   * "Test mapped attributes": the roles a user with these facts would get in the organization
   * (null: the environment's policy only), and why. Dashboard-only in WorkOS: check
   * `capabilities().roleMappings` first.
   */
  async resolveRoles(organizationId: string | null, facts: ResolveRolesInput): Promise<Resolution> {
    const reqPath = organizationId === null ? '/_dashboard/resolve-roles' : path`/_dashboard/organizations/${organizationId}/resolve-roles`;
    // Reads only: safe to retry, so it carries an idempotency key.
    return toResolution(await this.http.call('POST', reqPath, { body: resolveRolesBody(facts), idempotencyKey: newIdempotencyKey(), schema: wireResolution }));
  }

  /** What the target serves beyond the public API. Real WorkOS answers 404: no extras. */
  async capabilities(): Promise<Capabilities> {
    try {
      return toCapabilities(await this.http.call('GET', '/_dashboard/capabilities', { schema: wireCapabilities }));
    } catch (err) {
      if (err instanceof NotFoundError) return NO_CAPABILITIES;
      throw err;
    }
  }
}
