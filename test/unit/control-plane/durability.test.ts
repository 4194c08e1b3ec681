/**
 * Durability of the control plane: every acknowledged write survives `kill -9` (a real child
 * process, bundled from the sources with esbuild) and a torn last journal line; a second server
 * on the same data directory is refused. Plus the `workos-rbac server` command: ready line,
 * SIGTERM, bad flags.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { WorkosClient } from '../../../src/client';
import { runServerCommand, startControlPlane } from '../../../src/control-plane';

const KEY = 'sk_test_durability_42';
const ROOT = path.join(__dirname, '../../..');
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `workos-rbac-${name}-`));
const quiet = () => {};

async function slugs<T extends { slug: string }>(it: AsyncIterable<T>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(x.slug);
  return out;
}

/** The server command as a standalone script, built from the TypeScript sources. */
let serverScript: string;
beforeAll(() => {
  serverScript = path.join(tmp('bundle'), 'server.js');
  buildSync({
    stdin: {
      contents: `import { runServerCommand } from './src/control-plane';
        runServerCommand(process.argv.slice(2)).catch((e) => { process.stderr.write(e.message + '\\n'); process.exitCode = 1; });`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: serverScript,
    logLevel: 'error',
  });
});

function startChild(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; url: Promise<string>; exit: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, [serverScript, ...args], { env: { ...process.env, WORKOS_API_KEY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    void exit.then((e) => reject(new Error(`server exited (${e.code ?? e.signal}): ${e.stderr}`)));
  });
  return { child, url, exit };
}

test('every acknowledged write survives kill -9', async () => {
  const dataDir = tmp('kill9');
  const { child, url, exit } = startChild(['--port', '0', '--data-dir', dataDir, '--api-key', KEY]);
  const client = new WorkosClient({ baseUrl: await url, apiKey: KEY, retryDelay: () => 0 });
  // GIVEN writes the server acknowledged, some of them concurrent
  await Promise.all(Array.from({ length: 20 }, (_, i) => client.permissions.create({ slug: `k:${i}`, name: `K${i}` })));
  await client.roles.create({ slug: 'ops', name: 'Ops' });
  await client.roles.setPermissions('ops', ['k:1', 'k:2']);
  await client.permissions.delete('k:2');
  // WHEN the process is killed without any chance to flush
  child.kill('SIGKILL');
  expect((await exit).signal).toBe('SIGKILL');
  // THEN a new control plane on the same data directory has all of it
  const plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
  try {
    const reopened = new WorkosClient({ baseUrl: plane.url, apiKey: KEY });
    expect((await slugs(reopened.permissions.list())).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k:${i}`).filter((s) => s !== 'k:2').sort());
    expect(await reopened.roles.get('ops')).toMatchObject({ name: 'Ops', permissions: ['k:1'] });
    expect(await slugs(reopened.roles.list())).toEqual(['member', 'ops']);
  } finally {
    await plane.close();
  }
});

test('a second server on the same data directory refuses to start, naming the holder\'s pid; the first keeps every write', async () => {
  const dataDir = tmp('second');
  // GIVEN a server (its own process) holding the directory, with acknowledged writes
  const first = startChild(['--port', '0', '--data-dir', dataDir], { WORKOS_API_KEY: KEY });
  const a = new WorkosClient({ baseUrl: await first.url, apiKey: KEY, retryDelay: () => 0 });
  await a.permissions.create({ slug: 'r:1', name: 'R1' });
  // WHEN a second server starts on it, as another process and in this one
  const second = startChild(['--port', '0', '--data-dir', dataDir], { WORKOS_API_KEY: KEY });
  await expect(second.url).rejects.toThrow('server exited (1)');
  const refused = await second.exit;
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    `the data directory ${dataDir} is in use by another control plane (pid ${first.child.pid}); stop it first, or use another --data-dir. ` +
      `If no control plane runs there, remove ${path.join(dataDir, 'lock')}.\n`,
  );
  await expect(startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet })).rejects.toThrow(`in use by another control plane (pid ${first.child.pid})`);
  // THEN the first goes on writing, and after kill -9 a new server has all of it (the stale lock is taken over)
  await a.permissions.create({ slug: 'r:2', name: 'R2' });
  first.child.kill('SIGKILL');
  await first.exit;
  const plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
  try {
    expect((await slugs(new WorkosClient({ baseUrl: plane.url, apiKey: KEY }).permissions.list())).sort()).toEqual(['r:1', 'r:2']);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'lock'), 'utf8'))).toEqual({ pid: process.pid, host: os.hostname() });
  } finally {
    await plane.close();
  }
  expect(fs.existsSync(path.join(dataDir, 'lock'))).toBe(false);
});

test('a torn last journal line is ignored, and later writes are not glued to it', async () => {
  const dataDir = tmp('torn');
  let plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
  await new WorkosClient({ baseUrl: plane.url, apiKey: KEY }).permissions.create({ slug: 't:1', name: 'T1' });
  await plane.close();
  // a crash in the middle of writing the next event
  fs.appendFileSync(path.join(dataDir, 'journal.jsonl'), '{"seq":2,"type":"permission.created","permission":{"id":"perm_');

  plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
  let client = new WorkosClient({ baseUrl: plane.url, apiKey: KEY });
  expect(await slugs(client.permissions.list())).toEqual(['t:1']);
  await client.permissions.create({ slug: 't:2', name: 'T2' });
  await plane.close();

  plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
  client = new WorkosClient({ baseUrl: plane.url, apiKey: KEY });
  try {
    expect((await slugs(client.permissions.list())).sort()).toEqual(['t:1', 't:2']);
  } finally {
    await plane.close();
  }
});

test('a corrupt line in the middle of the journal is reported, not silently dropped', async () => {
  const dataDir = tmp('corrupt');
  const plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
  await plane.close();
  fs.writeFileSync(path.join(dataDir, 'journal.jsonl'), 'garbage\n{"seq":1,"type":"role.deleted","slug":"x","at":"now"}\n');
  await expect(startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet })).rejects.toThrow(/journal\.jsonl line 1 is corrupt/);
});

test('`workos-rbac server`: prints the ready line, takes the key from WORKOS_API_KEY, exits cleanly on SIGTERM', async () => {
  const dataDir = tmp('cmd');
  const { child, url, exit } = startChild(['--port', '0', '--data-dir', dataDir], { WORKOS_API_KEY: KEY });
  const client = new WorkosClient({ baseUrl: await url, apiKey: KEY });
  expect(await client.capabilities()).toEqual({ deleteEnvironmentRole: true, rolePolicy: true, roleMappings: true, resourceTypes: true, directories: true });
  child.kill('SIGTERM');
  const e = await exit;
  expect(e.code).toBe(0);
  expect(e.stderr).toContain('GET /_dashboard/capabilities 200');
  expect(e.stderr).not.toContain(KEY);
});

test('`workos-rbac server --api-key-file`: the key stays off argv; `--api-key` still works, with a warning about ps', async () => {
  const keyFile = path.join(tmp('keyfile'), 'key');
  fs.writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
  const fromFile = startChild(['--port', '0', '--data-dir', tmp('cmd-file'), '--api-key-file', keyFile]);
  expect(await new WorkosClient({ baseUrl: await fromFile.url, apiKey: KEY }).capabilities()).toMatchObject({ rolePolicy: true });
  fromFile.child.kill('SIGTERM');
  expect((await fromFile.exit).stderr).not.toContain('warning');

  const fromArgv = startChild(['--port', '0', '--data-dir', tmp('cmd-argv'), '--api-key', KEY]);
  expect(await new WorkosClient({ baseUrl: await fromArgv.url, apiKey: KEY }).capabilities()).toMatchObject({ rolePolicy: true });
  fromArgv.child.kill('SIGTERM');
  const e = await fromArgv.exit;
  expect(e.code).toBe(0);
  expect(e.stderr).toContain('warning: --api-key is visible to every local account (ps, /proc); set WORKOS_API_KEY or pass --api-key-file FILE instead\n');
  expect(e.stderr).not.toContain(KEY);
});

test('`workos-rbac server` rejects missing or bad flags with a plain message', async () => {
  const saved = process.env.WORKOS_API_KEY;
  delete process.env.WORKOS_API_KEY;
  try {
    await expect(runServerCommand(['--data-dir', tmp('flags')])).rejects.toThrow('an API key is required: set WORKOS_API_KEY or pass --api-key-file FILE');
    const keyFile = path.join(tmp('keyfile'), 'key');
    fs.writeFileSync(keyFile, '\n');
    await expect(runServerCommand(['--data-dir', tmp('flags'), '--api-key-file', keyFile])).rejects.toThrow(`--api-key-file ${keyFile} is empty`);
    await expect(runServerCommand(['--data-dir', tmp('flags'), '--api-key-file', `${keyFile}.missing`])).rejects.toThrow(`--api-key-file ${keyFile}.missing: ENOENT`);
    await expect(runServerCommand(['--data-dir', tmp('flags'), '--api-key-file', keyFile, '--api-key', KEY])).rejects.toThrow('pass --api-key-file or --api-key, not both');
    await expect(runServerCommand(['--api-key', KEY])).rejects.toThrow(/--data-dir DIR is required/);
    await expect(runServerCommand(['--api-key', KEY, '--data-dir', '/x', '--port', 'abc'])).rejects.toThrow(/--port must be a port number/);
    await expect(runServerCommand(['--apikey=sk_leak'])).rejects.toThrow(/unknown option "--apikey"/);
  } finally {
    if (saved !== undefined) process.env.WORKOS_API_KEY = saved;
  }
});
