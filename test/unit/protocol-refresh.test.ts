/**
 * Faults at the protocol boundary: a refresh that fails after the client's retries with a
 * failure that may pass keeps the prior state with a warning and a note in private state; a
 * plan that would change that object fails, one that leaves it alone does not; the next good
 * refresh removes the note. An unreachable target fails ConfigureProvider once.
 */
import { permissionSchema } from '../../src/schemas/permission';
import { AuthenticationError, ServerError, UnreachableError, type WorkosApiErrorInit } from '../../src/client/errors';
import type { WorkosApi } from '../../src/client/types';
import type { ResourceHandler, Values } from '../../providers/handler';
import { decodeObject, encodeObject } from '../../providers/protocol/codec';
import { createLogger } from '../../providers/protocol/log';
import { Provider } from '../../providers/protocol/provider';
import { refreshFailure } from '../../providers/consistency';

const attrs = permissionSchema.attributes;
const TYPE = 'workos_permission';
const stored: Values = { id: 'perm_1', slug: 'users:view', name: 'View users', description: null };
const init = (status: number, message: string): WorkosApiErrorInit => ({ status, message, method: 'GET', path: '/authorization/permissions/users%3Aview' });

async function provider(read: () => Promise<Values | null>, capabilities: () => Promise<unknown> = async () => ({})) {
  const handler = { schema: permissionSchema, read: async () => read() } as unknown as ResourceHandler;
  const p = new Provider({
    registry: { resources: new Map([[TYPE, handler]]), dataSources: new Map() },
    env: { WORKOS_API_KEY: 'sk_test_refresh_key' },
    log: createLogger('error', () => {}),
    createClient: () => ({ capabilities }) as unknown as WorkosApi,
  });
  const configured = await p.ConfigureProvider({ config: encodeObject({}, {}) });
  return { p, configured };
}

const refresh = (p: Provider, priv?: Buffer) => p.ReadResource({ type_name: TYPE, current_state: encodeObject(attrs, stored), private: priv });
const plan = (p: Provider, planned: Values | null, priorPrivate: Buffer) =>
  p.PlanResourceChange({ type_name: TYPE, prior_state: encodeObject(attrs, stored), proposed_new_state: encodeObject(attrs, planned), config: encodeObject(attrs, planned), prior_private: priorPrivate });

describe('a refresh that fails after retries', () => {
  test('a 5xx keeps the prior state with a warning naming the object and why', async () => {
    const { p } = await provider(() => Promise.reject(new ServerError(init(503, 'try later'))));
    const res = await refresh(p);
    expect(decodeObject(attrs, res.new_state)).toEqual(stored);
    expect(res.diagnostics).toEqual([
      {
        severity: 'WARNING',
        summary: 'Could not refresh workos_permission "users:view" (perm_1); kept its prior state',
        detail: 'Reading it failed after retries: 503 try later. This plan leaves it as it is; a change to it fails the plan until a refresh succeeds.',
        attribute: null,
      },
    ]);
    expect(refreshFailure(res.private)).toBe('503 try later');

    // Unchanged: the plan goes through. Changed or destroyed: it fails, naming the object and why.
    expect((await plan(p, stored, res.private)).diagnostics).toEqual([]);
    for (const planned of [{ ...stored, name: 'Renamed' }, null]) {
      const changed = await plan(p, planned, res.private);
      expect(changed.diagnostics).toEqual([
        {
          severity: 'ERROR',
          summary: 'Cannot change workos_permission "users:view" (perm_1): its refresh failed',
          detail: 'Refreshing it failed after retries (503 try later), so its state may be stale and a change planned from it could undo a change made on the target. Plan again once the WorkOS API answers.',
          attribute: null,
        },
      ]);
    }
  });

  test('the next good refresh removes the note and keeps the rest of private state', async () => {
    let fail = true;
    const { p } = await provider(() => (fail ? Promise.reject(new ServerError(init(500, 'boom'))) : Promise.resolve(stored)));
    const written = Buffer.from(JSON.stringify({ written_at: 1 }));
    const failed = await refresh(p, written);
    expect(JSON.parse(Buffer.from(failed.private).toString())).toEqual({ written_at: 1, refresh_failed: '500 boom' });
    fail = false;
    const good = await refresh(p, failed.private);
    expect(good.diagnostics).toEqual([]);
    expect(JSON.parse(Buffer.from(good.private).toString())).toEqual({ written_at: 1 });
    expect((await plan(p, { ...stored, name: 'Renamed' }, good.private)).diagnostics).toEqual([]);
  });

  test('an unreachable target or a 401 stays an error: nothing to wait out', async () => {
    for (const err of [new UnreachableError({ ...init(0, 'cannot reach http://t: ECONNREFUSED'), code: 'unreachable', baseUrl: 'http://t' }), new AuthenticationError(init(401, 'bad key'))]) {
      const { p } = await provider(() => Promise.reject(err));
      const res = await refresh(p);
      expect(res.diagnostics.map((d: { severity: string }) => d.severity)).toEqual(['ERROR']);
      expect(refreshFailure(res.private)).toBeUndefined();
    }
  });
});

describe('ConfigureProvider', () => {
  test('an unreachable target fails it once, naming the base URL', async () => {
    const unreachable = new UnreachableError({ ...init(0, 'cannot reach http://t: ECONNREFUSED; 4 attempts in a row found no server, so the provider stopped trying'), code: 'unreachable', baseUrl: 'http://t' });
    const { configured } = await provider(async () => stored, () => Promise.reject(unreachable));
    expect(configured.diagnostics).toEqual([
      {
        severity: 'ERROR',
        summary: 'Cannot reach http://t',
        detail: 'cannot reach http://t: ECONNREFUSED; 4 attempts in a row found no server, so the provider stopped trying (while configuring the provider). Check base_url / WORKOS_BASE_URL and that the target is running.',
        attribute: null,
      },
    ]);
  });

  test('other failures of the first request are left to the operations that need it', async () => {
    const { configured } = await provider(async () => stored, () => Promise.reject(new ServerError(init(503, 'later'))));
    expect(configured.diagnostics).toEqual([]);
  });
});
