/**
 * The one harness every test that needs a live target shares: a local control plane on a free
 * port with a fresh data directory, a client for it and, for end-to-end tests, a terraform
 * workspace pointed at it. Register it at the top of a `describe`; use its fields inside tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkosClient, WorkosApiError, type WorkosClientOptions } from '../../src/client';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions as ServerOptions } from '../../src/control-plane';
import { Workspace } from './terraform';

export const TEST_API_KEY = 'sk_test_0123456789abcdefghij';

export interface ControlPlaneOptions {
  readonly apiKey?: string;
  /** One line per request; silent by default. */
  readonly log?: (line: string) => void;
  /** Client settings beyond base URL and key (e.g. `maxRetries`). */
  readonly client?: Partial<WorkosClientOptions>;
  /** The control plane's rate limit per API key; none by default. */
  readonly rateLimit?: ServerOptions['rateLimit'];
}

export interface ControlPlaneHarness {
  readonly plane: ControlPlane;
  readonly url: string;
  readonly apiKey: string;
  readonly dataDir: string;
  readonly client: WorkosClient;
}

export interface WorkspaceHarness extends ControlPlaneHarness {
  readonly ws: Workspace;
}

/** Starts a control plane (and its client) in `beforeAll`, closes it in `afterAll`. */
export function useControlPlane(options: ControlPlaneOptions = {}): ControlPlaneHarness {
  const apiKey = options.apiKey ?? TEST_API_KEY;
  let started: { plane: ControlPlane; dataDir: string; client: WorkosClient } | undefined;
  const get = () => {
    if (!started) throw new Error('the control plane starts in beforeAll: use the harness inside a test or hook');
    return started;
  };
  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-data-'));
    const plane = await startControlPlane({ port: 0, dataDir, apiKey, log: options.log ?? (() => {}), rateLimit: options.rateLimit });
    started = { plane, dataDir, client: new WorkosClient({ ...options.client, baseUrl: plane.url, apiKey }) };
  });
  afterAll(async () => {
    await started?.plane.close();
    if (started) fs.rmSync(started.dataDir, { recursive: true, force: true });
  });
  return {
    get plane() { return get().plane; },
    get url() { return get().plane.url; },
    get dataDir() { return get().dataDir; },
    get client() { return get().client; },
    apiKey,
  };
}

/** `useControlPlane` plus a terraform workspace whose provider targets it (removed in `afterAll`). */
export function useControlPlaneWorkspace(options: ControlPlaneOptions & { readonly env?: Record<string, string> } = {}): WorkspaceHarness {
  const harness = useControlPlane(options);
  let ws: Workspace | undefined;
  beforeAll(() => {
    ws = new Workspace(harness.url, harness.apiKey, options.env);
  });
  afterAll(() => ws?.cleanup());
  return Object.defineProperty(Object.create(harness) as WorkspaceHarness, 'ws', {
    get() {
      if (!ws) throw new Error('the workspace is created in beforeAll: use it inside a test or hook');
      return ws;
    },
  });
}

/** The WorkosApiError a promise rejects with (fails the test if it resolves or throws something else). */
export async function caught(p: Promise<unknown>): Promise<WorkosApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkosApiError) return err;
    throw err;
  }
  throw new Error('expected a WorkosApiError');
}
