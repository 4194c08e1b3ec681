/**
 * The control plane's data directory: private to its owner and used by one server at a time.
 *
 * - A directory the control plane creates is 0700; every file it writes is 0600 (the topology,
 *   user emails and memberships are nobody else's business on a shared machine).
 * - `lockDataDir` takes an exclusive lock: a file created with O_EXCL that holds the owner's pid
 *   and host. A second server on the same directory refuses to start, naming that pid, so no
 *   second writer ever touches the journal. A lock left by a process that is gone (kill -9, a
 *   crash, a container restarted with the same pid) is taken over.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const LOCK_FILE = 'lock';
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

interface Holder {
  readonly pid: number;
  readonly host: string;
}

/** Another control plane holds the data directory. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | undefined,
  ) {
    const lockPath = path.join(dataDir, LOCK_FILE);
    const who = holder ? `pid ${holder.pid}${holder.host === os.hostname() ? '' : ` on ${holder.host}`}` : 'a process whose lock file is unreadable';
    super(
      `the data directory ${dataDir} is in use by another control plane (${who}); stop it first, or use another --data-dir. ` +
        `If no control plane runs there, remove ${lockPath}.`,
    );
    this.name = 'DataDirectoryLockedError';
  }
}

/** Lock files this process holds: a second control plane in the same process is refused too. */
const heldHere = new Set<string>();

/** Creates the directory (0700) if missing. */
export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Takes the lock of an existing directory or throws DataDirectoryLockedError; returns the release. */
export function lockDataDir(dataDir: string): () => void {
  // The real path: a second spelling of the directory (a symlink) is the same directory.
  const lockPath = path.join(fs.realpathSync(dataDir), LOCK_FILE);
  const mine: Holder = { pid: process.pid, host: os.hostname() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(lockPath, JSON.stringify(mine))) {
      heldHere.add(lockPath);
      return () => release(lockPath);
    }
    const holder = readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder === undefined || isAlive(holder, lockPath)) throw new DataDirectoryLockedError(dataDir, holder);
    takeOverStale(dataDir, lockPath, holder);
  }
  throw new Error(`could not lock ${dataDir}: its lock file ${lockPath} keeps changing`);
}

function createExclusive(lockPath: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** The holder named in a lock file; undefined when it cannot be read as one, 'gone' when the file is. */
function readHolder(file: string): Holder | undefined | 'gone' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? { pid: h.pid!, host: h.host } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(holder: Holder, lockPath: string): boolean {
  if (holder.host !== os.hostname()) return true; // another machine's process cannot be checked from here
  if (holder.pid === process.pid) return heldHere.has(lockPath); // else an earlier process that had our pid
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
  return !isZombie(holder.pid);
}

/** Linux: killed, but its parent has not collected it yet (a restart right after `kill -9`). */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * Moves the stale lock aside (rename is atomic), then checks that what moved is the stale one: if
 * another server took the lock over in between, its lock is put back and this one is refused.
 */
function takeOverStale(dataDir: string, lockPath: string, stale: Holder): void {
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readHolder(aside);
  if (moved !== 'gone' && (moved === undefined || moved.pid !== stale.pid || moved.host !== stale.host)) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // a third server holds it now; either way this one is refused
    }
    fs.rmSync(aside, { force: true });
    throw new DataDirectoryLockedError(dataDir, moved);
  }
  fs.rmSync(aside, { force: true });
}

function release(lockPath: string): void {
  if (!heldHere.delete(lockPath)) return;
  const holder = readHolder(lockPath);
  if (holder !== 'gone' && holder?.pid === process.pid && holder.host === os.hostname()) fs.rmSync(lockPath, { force: true });
}

/** Writes a file (0600) so that a reader sees the old or the new content, never a mix. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE_MODE); // a temp file left by a crash keeps its old mode otherwise
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDirectory(path.dirname(file));
}

function syncDirectory(dir: string): void {
  try {
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

/**
 * Opens the journal empty, for appending only (0600): every line lands at the end of the file,
 * whole, whatever happened to the file before.
 */
export function openEmptyJournal(file: string): number {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
  const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, PRIVATE_FILE_MODE);
  fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  fs.fsyncSync(fd);
  return fd;
}
