/**
 * The control plane's data directory: private (0700, files 0600), one server at a time (the lock,
 * with stale locks taken over), and Idempotency-Key answers replayed across any number of restarts
 * for WorkOS's 24-hour window.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';
import { WorkosClient } from '../../../src/client';
import { startControlPlane } from '../../../src/control-plane';
import { DataDirectoryLockedError, lockDataDir } from '../../../src/control-plane/data-dir';
import { IDEMPOTENCY_WINDOW_MS, Store } from '../../../src/control-plane/store';

const KEY = 'sk_test_data_dir_0123456789';
const quiet = () => {};
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `workos-rbac-${name}-`));
const mode = (p: string) => fs.statSync(p).mode & 0o777;
const lockFile = (dir: string) => path.join(dir, 'lock');

/** A pid that is certainly not running: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('modes', () => {
  test('a directory it creates is 0700; the snapshot, journal, lock and temp files are 0600, also after writes', async () => {
    const dataDir = path.join(tmp('modes'), 'nested', 'data');
    const plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
    try {
      await new WorkosClient({ baseUrl: plane.url, apiKey: KEY }).permissions.create({ slug: 'm:1', name: 'M1' });
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(path.dirname(dataDir))).toBe(0o700);
      expect(fs.readdirSync(dataDir).sort()).toEqual(['journal.jsonl', 'lock', 'state.json']);
      for (const f of fs.readdirSync(dataDir)) expect([f, mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
    } finally {
      await plane.close();
    }
  });

  test('files an earlier version left readable (0644, a temp file too) are 0600 after the next start', async () => {
    const dataDir = tmp('upgrade');
    let plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
    await plane.close();
    for (const f of ['state.json', 'journal.jsonl']) fs.chmodSync(path.join(dataDir, f), 0o644);
    fs.writeFileSync(path.join(dataDir, 'state.json.tmp'), 'left by a crash', { mode: 0o644 });
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
    try {
      expect(fs.readdirSync(dataDir).sort()).toEqual(['journal.jsonl', 'lock', 'state.json']);
      for (const f of fs.readdirSync(dataDir)) expect([f, mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
    } finally {
      await plane.close();
    }
  });
});

describe('the lock', () => {
  test('a second control plane in the same process is refused; after close() the directory is free', async () => {
    const dataDir = tmp('lock');
    const first = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
    const err = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirectoryLockedError);
    expect((err as Error).message).toBe(
      `the data directory ${dataDir} is in use by another control plane (pid ${process.pid}); stop it first, or use another --data-dir. If no control plane runs there, remove ${lockFile(dataDir)}.`,
    );
    const viaSymlink = path.join(tmp('symlink'), 'same-dir');
    fs.symlinkSync(dataDir, viaSymlink);
    await expect(startControlPlane({ port: 0, dataDir: viaSymlink, apiKey: KEY, log: quiet })).rejects.toThrow(`is in use by another control plane (pid ${process.pid})`);
    await first.close();
    const again = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
    await again.close();
  });

  test('a lock whose process is gone (kill -9, or an earlier process with this pid) is taken over', () => {
    for (const pid of [deadPid(), process.pid]) {
      const dataDir = tmp('stale');
      fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid, host: os.hostname() }));
      const release = lockDataDir(dataDir);
      expect(JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8'))).toEqual({ pid: process.pid, host: os.hostname() });
      expect(fs.readdirSync(dataDir)).toEqual(['lock']);
      release();
      expect(fs.readdirSync(dataDir)).toEqual([]);
    }
  });

  test('a server killed but not yet collected by its parent (a zombie) holds no lock', async () => {
    // sh starts a child and becomes `sleep`, which never collects it; the child is killed only
    // then, so no shell can reap it first
    const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d) => resolve(String(d).trim()))));
      while (fs.readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim() !== 'sleep') await new Promise((r) => setTimeout(r, 10));
      process.kill(zombie, 'SIGKILL');
      while (!/\) Z /.test(fs.readFileSync(`/proc/${zombie}/stat`, 'utf8'))) await new Promise((r) => setTimeout(r, 10));
      const dataDir = tmp('zombie');
      fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid: zombie, host: os.hostname() }));
      lockDataDir(dataDir)();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  test('a lock of another host, or one that cannot be read, is never taken over', () => {
    const dataDir = tmp('foreign');
    fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid: deadPid(), host: 'build-runner-7' }));
    expect(() => lockDataDir(dataDir)).toThrow(/in use by another control plane \(pid \d+ on build-runner-7\)/);
    fs.writeFileSync(lockFile(dataDir), '');
    expect(() => lockDataDir(dataDir)).toThrow(`in use by another control plane (a process whose lock file is unreadable); stop it first, or use another --data-dir. If no control plane runs there, remove ${lockFile(dataDir)}.`);
    expect(fs.readFileSync(lockFile(dataDir), 'utf8')).toBe('');
  });
});

describe('Idempotency-Key replays', () => {
  async function createWithKey(url: string, key: string, slug: string) {
    const res = await request(`${url}/authorization/permissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ slug, name: slug }),
    });
    return { status: res.statusCode, replayed: res.headers['idempotent-replayed'], json: (await res.body.json()) as { id: string; code?: string } };
  }

  test('the first answer is replayed after any number of restarts', async () => {
    const dataDir = tmp('replay');
    let plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
    const first = await createWithKey(plane.url, 'key-lost-answer', 'lost:answer');
    expect(first.status).toBe(201);
    for (let restart = 1; restart <= 3; restart++) {
      await plane.close();
      plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: quiet });
      expect(await createWithKey(plane.url, 'key-lost-answer', 'lost:answer')).toEqual({ status: 201, replayed: 'true', json: first.json });
    }
    // a different request with the key is still refused
    expect((await createWithKey(plane.url, 'key-lost-answer', 'other:slug')).status).toBe(400);
    await plane.close();
  });

  test('they expire 24 hours after the key was first used, as WorkOS documents, also across restarts', () => {
    const dataDir = tmp('expiry');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    let now = t0;
    let store = Store.open(dataDir, { now: () => now });
    const permission = { id: 'perm_01', slug: 'w:1', name: 'W1', description: null, system: false, resourceTypeSlug: 'organization', createdAt: new Date(t0).toISOString(), updatedAt: new Date(t0).toISOString() };
    store.commit({ type: 'permission.created', permission, idempotency: { key: 'k', fingerprint: 'f', at: new Date(t0).toISOString() } });
    store.close();

    now = t0 + IDEMPOTENCY_WINDOW_MS - 1;
    store = Store.open(dataDir, { now: () => now });
    expect(store.replayFor('k')).toMatchObject({ fingerprint: 'f', status: 201, body: { id: 'perm_01', slug: 'w:1' } });
    store.close();
    store = Store.open(dataDir, { now: () => now });
    expect(store.replayFor('k')).toMatchObject({ status: 201 });
    now = t0 + IDEMPOTENCY_WINDOW_MS;
    expect(store.replayFor('k')).toBeUndefined();
    store.close();
    store = Store.open(dataDir, { now: () => now });
    expect(store.replayFor('k')).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')).idempotency).toEqual([]);
    store.close();
  });
});
