/**
 * Shared by the contract tests: an in-process control plane behind the recording proxy, a
 * WorkosClient pointed at the proxy (with every API method call counted), the spec, and the
 * known-deviation allow-list.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkosApiError, WorkosClient } from '../../src/client';
import { startControlPlane } from '../../src/control-plane';
import { OpenApiContract, type Exchange } from './openapi';
import { startRecorder, type Recorder } from './recorder';

export const API_KEY = 'sk_test_contract_0123456789';

/** Environment permissions and roles (test/contract/contract-rbac.test.ts). */
export const RBAC_OPERATIONS = [
  'AuthorizationPermissionsController_list',
  'AuthorizationPermissionsController_create',
  'AuthorizationPermissionsController_find',
  'AuthorizationPermissionsController_update',
  'AuthorizationPermissionsController_delete',
  'AuthorizationRolesController_list',
  'AuthorizationRolesController_create',
  'AuthorizationRolesController_get',
  'AuthorizationRolesController_update',
  'AuthorizationRolePermissionsController_setPermissions',
  'AuthorizationRolePermissionsController_addPermission',
] as const;

/** Organizations, users, memberships, organization roles, resources, role assignments (contract-topology.test.ts). */
export const TOPOLOGY_OPERATIONS = [
  'OrganizationsController_list',
  'OrganizationsController_create',
  'OrganizationsController_find',
  'OrganizationsController_updateOrganization',
  'OrganizationsController_deleteOrganization',
  'UserlandUsersController_list',
  'UserlandUsersController_create',
  'UserlandUsersController_get',
  'UserlandUsersController_update',
  'UserlandUsersController_delete',
  'UserlandUserOrganizationMembershipsController_list',
  'UserlandUserOrganizationMembershipsController_create',
  'UserlandUserOrganizationMembershipsController_get',
  'UserlandUserOrganizationMembershipsController_update',
  'UserlandUserOrganizationMembershipsController_delete',
  'AuthorizationOrganizationRolesController_list',
  'AuthorizationOrganizationRolesController_create',
  'AuthorizationOrganizationRolesController_get',
  'AuthorizationOrganizationRolesController_update',
  'AuthorizationOrganizationRolesController_delete',
  'AuthorizationOrganizationRolePermissionsController_setPermissions',
  'AuthorizationOrganizationRolePermissionsController_addPermission',
  'AuthorizationOrganizationRolePermissionsController_removePermission',
  'AuthorizationResourcesController_list',
  'AuthorizationResourcesController_create',
  'AuthorizationResourcesController_findById',
  'AuthorizationResourcesController_update',
  'AuthorizationResourcesController_delete',
  'AuthorizationResourcesByExternalIdController_getByExternalId',
  'AuthorizationRoleAssignmentsController_listRoleAssignments',
  'AuthorizationRoleAssignmentsController_assignRole',
  'AuthorizationRoleAssignmentsController_removeRoleById',
  'AuthorizationController_check',
  'DirectoriesController_list',
  'DirectoriesController_find',
  'DirectoriesController_deleteDirectory',
] as const;

/** Directory Sync reads: directories (to find an organization's), directory users and groups (contract-directory-sync.test.ts). */
export const DIRECTORY_SYNC_OPERATIONS = [
  'DirectoriesController_list',
  'DirectoryUsersController_list',
  'DirectoryUsersController_find',
  'DirectoryGroupsController_list',
  'DirectoryGroupsController_find',
  'EventsController_list',
] as const;

/** Every WorkOS operation the product calls: every public request some WorkosClient method can send. */
/** (`DirectoriesController_list` is in two lists: the topology session manages directories, the Directory Sync one finds an organization's.) */
export const PRODUCT_OPERATIONS: readonly string[] = [...new Set([...RBAC_OPERATIONS, ...TOPOLOGY_OPERATIONS, ...DIRECTORY_SYNC_OPERATIONS])];

/**
 * Client API groups by where they send requests. Every group of WorkosClient must be listed
 * here (a new one fails contract-rbac.test.ts until classified), and every method of a public
 * group must be called by the session of the file that owns it. (`roles.delete` is the one
 * public-group method that goes to `/_dashboard/`; the RBAC session calls it and asserts it is
 * the only exchange outside the spec. Directories are listed, read and deleted through the
 * public API; creating, renaming and the token are the dashboard's.)
 */
export const CLIENT_GROUPS = {
  rbac: ['permissions', 'roles'],
  topology: ['organizations', 'users', 'memberships', 'organizationRoles', 'resources', 'roleAssignments', 'directories'],
  directorySync: ['directoryUsers', 'directoryGroups', 'events'],
  /** Only `/_dashboard/…` (WorkOS has no public API for these). */
  dashboard: ['rolePolicy', 'roleMappings', 'resourceTypes'],
} as const;

/**
 * Known, deliberate differences between the local control plane and the WorkOS spec. Each entry
 * names the operation, the status, what the check reports and why it stays. Entries that no
 * exchange needs any more fail the test (see `unusedDeviations`), so the list cannot rot.
 */
export interface Deviation {
  readonly operationId: string;
  readonly status: number;
  /** The error answer's `code`, when the deviation is about one error. */
  readonly code?: string;
  /** Matches the problem text from OpenApiContract.check. */
  readonly problem: RegExp;
  readonly reason: string;
}

const UNDOCUMENTED = /is not a documented response/;

export const DEVIATIONS: readonly Deviation[] = [
  // --- The control plane (src/control-plane) ---
  {
    operationId: 'OrganizationsController_deleteOrganization',
    status: 404,
    code: 'not_found',
    problem: UNDOCUMENTED,
    reason:
      'The spec documents only 200/202/403 for DELETE /organizations/{id}. The control plane answers an unknown id 404 like ' +
      'every other by-id route, and the provider reads 404 on delete as "already gone"; a 2xx would hide typos.',
  },
  {
    operationId: 'UserlandUsersController_update',
    status: 404,
    code: 'not_found',
    problem: UNDOCUMENTED,
    reason: 'The spec documents 200/400/422 for PUT /user_management/users/{id}, no 404; an unknown id is 404 everywhere else (GET, DELETE).',
  },
  {
    operationId: 'UserlandUserOrganizationMembershipsController_create',
    status: 409,
    code: 'organization_membership_already_exists',
    problem: UNDOCUMENTED,
    reason:
      'The spec documents no answer for a second membership of the same user in the same organization (201/400/404/422). ' +
      'The control plane answers 409 (test/unit/server-topology.test.ts pins it); nothing in the spec to align with.',
  },
  {
    operationId: 'AuthorizationRoleAssignmentsController_assignRole',
    status: 409,
    code: 'role_assignment_already_exists',
    problem: UNDOCUMENTED,
    reason: 'The spec documents 201/403/404/422 only; assigning the same role on the same resource twice is a 409 conflict on the control plane.',
  },
];

export interface Session {
  readonly contract: OpenApiContract;
  readonly recorder: Recorder;
  readonly client: WorkosClient;
  /** `group.method` of every client API method called so far. */
  readonly called: Set<string>;
  close(): Promise<void>;
}

/** `prepare` writes into the data directory before the control plane opens it (e.g. seedDirectory, test/helpers/directory-seed.ts). */
export async function startSession(contract = new OpenApiContract(), prepare?: (dataDir: string) => void): Promise<Session> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-contract-'));
  prepare?.(dataDir);
  const server = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
  const recorder = await startRecorder(server.url);
  // No retries (every answer is recorded once) and no client-side rate limit (the session is ~150 calls).
  const client = new WorkosClient({ baseUrl: recorder.url, apiKey: API_KEY, maxRetries: 0, requestsPerSecond: 10_000 });
  const called = new Set<string>();
  for (const [group, api] of apiGroups(client)) {
    for (const name of methodNames(api)) {
      const original = (api as Record<string, (...a: unknown[]) => unknown>)[name];
      Object.defineProperty(api, name, {
        value: (...args: unknown[]) => {
          called.add(`${group}.${name}`);
          return original.apply(api, args);
        },
      });
    }
  }
  return {
    contract,
    recorder,
    client,
    called,
    close: async () => {
      await recorder.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API groups of a client (`permissions`, `roles`, …): its properties that are `…Api` objects. */
export function apiGroups(client: WorkosClient): Array<[string, object]> {
  return Object.entries(client).filter(([, v]) => v !== null && typeof v === 'object' && /Api$/.test(v.constructor.name)) as Array<[string, object]>;
}

/** Public methods of an API object (TypeScript-private helpers are skipped by name). */
export function methodNames(api: object): string[] {
  const proto = Object.getPrototypeOf(api) as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && n !== 'pathFor' && typeof proto[n] === 'function');
}

/** Awaits a call that must fail with this status (and code, when given). */
export async function expectError(p: Promise<unknown>, status: number, code?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkosApiError)) throw new Error(`expected a ${status}${code ? ` ${code}` : ''} error, got ${err === undefined ? 'success' : String(err)}`);
  if (err.status !== status || (code !== undefined && err.code !== code)) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${err.status} ${err.code}: ${err.message}`);
  }
}

export async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

export const pathnameOf = (x: Exchange) => new URL(x.url, 'http://x').pathname;
export const isDashboard = (x: Exchange) => pathnameOf(x).startsWith('/_dashboard/');

/** What the session sent to WorkOS's public API (dashboard-only routes left out). */
export const publicExchanges = (s: Session): Exchange[] => s.recorder.exchanges.filter((x) => !isDashboard(x));

/** Client methods of these API groups that the session never called, as `group.method`. */
export function uncalledMethods(s: Session, groups: readonly string[]): string[] {
  const expected = groups.flatMap((g) => methodNames((s.client as unknown as Record<string, object>)[g]).map((m) => `${g}.${m}`));
  return expected.filter((m) => !s.called.has(m));
}

export function operationIdOf(contract: OpenApiContract, x: Exchange): string | undefined {
  return contract.operation(x.method, pathnameOf(x))?.operationId;
}

/** Problems of the public exchanges, minus allow-listed deviations; and the deviations that were used. */
export function contractProblems(contract: OpenApiContract, exchanges: readonly Exchange[], deviations: readonly Deviation[] = DEVIATIONS) {
  const used = new Set<Deviation>();
  const problems: string[] = [];
  for (const x of exchanges.filter((e) => !isDashboard(e))) {
    const op = operationIdOf(contract, x);
    for (const p of contract.check(x)) {
      const code = (x.responseBody as { code?: unknown } | undefined)?.code;
      const d = deviations.find((dev) => dev.operationId === op && dev.status === x.status && (dev.code === undefined || dev.code === code) && dev.problem.test(p));
      if (d) used.add(d);
      else problems.push(p);
    }
  }
  return { problems, used };
}
