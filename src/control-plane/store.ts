/**
 * Durable state of the control plane: a snapshot (`state.json`) plus an append-only journal
 * (`journal.jsonl`, one event per line) in the data directory, which one server at a time holds
 * (data-dir.ts: the lock, 0700/0600).
 *
 * - commit(): the event is written and fsync'ed BEFORE it is applied and acknowledged, all
 *   synchronously, so every answered write survives `kill -9` and no request interleaves.
 * - open(): locks the directory, loads the snapshot, replays journal events newer than it (a
 *   torn last line from a crash mid-write is dropped), then compacts: new snapshot via temp file
 *   + fsync + rename, then an empty journal. Sequence numbers make a crash between those two
 *   steps harmless.
 * - Idempotency-Key answers live in the journal, then in the snapshot, for WorkOS's documented
 *   window (24 hours, IDEMPOTENCY_WINDOW_MS) across any number of restarts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDataDir, lockDataDir, openEmptyJournal, writeFileAtomic } from './data-dir';
import { newId } from './ids';
import {
  applyEvent,
  type StateEvent,
} from './events';
import {
  initialState,
  type State,
} from './model';
import {
  fromSnapshot,
  toSnapshot,
  type Snapshot,
  type StoredReplay,
} from './snapshot';
import {
  permissionToWire,
  roleToWire,
} from './wire';

const SNAPSHOT_FILE = 'state.json';
const JOURNAL_FILE = 'journal.jsonl';
/** WorkOS: "Idempotency keys expire after 24 hours" (its published OpenAPI spec, `idempotency-key`). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

type JournalLine = StateEvent & { seq: number };

export interface StoreOptions {
  /** The clock replays expire by. @default Date.now */
  readonly now?: () => number;
}

export class Store {
  private constructor(
    readonly state: State,
    private readonly journalPath: string,
    private fd: number | undefined,
    private seq: number,
    private readonly replays: Map<string, StoredReplay>,
    private readonly now: () => number,
    private readonly unlock: () => void,
  ) {}

  static open(dataDir: string, options: StoreOptions = {}): Store {
    const now = options.now ?? Date.now;
    ensureDataDir(dataDir);
    // Before anything is read: a second server never touches the files.
    const unlock = lockDataDir(dataDir);
    try {
      const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
      const journalPath = path.join(dataDir, JOURNAL_FILE);
      const snapshot = readSnapshot(snapshotPath);
      const state = snapshot ? fromSnapshot(snapshot) : initialState(new Date(now()).toISOString(), newId('role'));
      let seq = snapshot?.seq ?? 0;

      const replays = new Map<string, StoredReplay>();
      for (const r of snapshot?.idempotency ?? []) replays.set(r.key, r);
      const replayedAt = new Date(now()).toISOString();
      for (const line of readJournal(journalPath)) {
        if (line.seq <= seq) continue; // already folded into the snapshot
        const { seq: lineSeq, ...event } = line;
        applyEvent(state, event);
        rememberCreate(replays, event, replayedAt);
        seq = lineSeq;
      }
      for (const [key, r] of replays) if (expired(r, now())) replays.delete(key);

      writeFileAtomic(snapshotPath, JSON.stringify(toSnapshot(state, seq, [...replays.values()])));
      const fd = openEmptyJournal(journalPath); // everything is in the snapshot now
      return new Store(state, journalPath, fd, seq, replays, now, unlock);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  /** Journals the event (fsync) and applies it. Call with a validated event, with no await in between. */
  commit(event: StateEvent): void {
    if (this.fd === undefined) throw new Error('the store is closed');
    const line = Buffer.from(`${JSON.stringify({ seq: this.seq + 1, ...event })}\n`);
    const size = fs.fstatSync(this.fd).size;
    try {
      let written = 0;
      while (written < line.length) written += fs.writeSync(this.fd, line, written);
      fs.fsyncSync(this.fd);
    } catch (err) {
      // Leave no partial line behind for the next append to run into.
      try {
        fs.ftruncateSync(this.fd, size);
      } catch {
        // the replay drops a torn last line anyway
      }
      throw new Error(`could not write ${this.journalPath}: ${(err as Error).message}`);
    }
    this.seq += 1;
    applyEvent(this.state, event);
    rememberCreate(this.replays, event, new Date(this.now()).toISOString());
  }

  /** The answer given to an earlier create with this Idempotency-Key, for IDEMPOTENCY_WINDOW_MS after it. */
  replayFor(key: string): StoredReplay | undefined {
    const r = this.replays.get(key);
    if (r && expired(r, this.now())) {
      this.replays.delete(key);
      return undefined;
    }
    return r;
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
    this.unlock();
  }
}

function readSnapshot(snapshotPath: string): Snapshot | undefined {
  if (!fs.existsSync(snapshotPath)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as Snapshot;
  } catch (err) {
    throw new Error(`${snapshotPath} is unreadable (${(err as Error).message}); it is written atomically, so this is not a crash: restore it from a backup`);
  }
}

function readJournal(journalPath: string): JournalLine[] {
  if (!fs.existsSync(journalPath)) return [];
  const text = fs.readFileSync(journalPath, 'utf8');
  const lines = text.split('\n');
  // The part after the last newline is a write that never completed (and was never acknowledged).
  lines.pop();
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as JournalLine;
    } catch {
      throw new Error(`${journalPath} line ${i + 1} is corrupt (only a torn last line is expected after a crash)`);
    }
  });
}

function expired(r: StoredReplay, now: number): boolean {
  const at = Date.parse(r.at);
  return Number.isNaN(at) || now - at >= IDEMPOTENCY_WINDOW_MS;
}

/** `at`: when a mark journalled before marks carried their time counts from. */
function rememberCreate(replays: Map<string, StoredReplay>, event: StateEvent, at: string): void {
  const mark = 'idempotency' in event ? event.idempotency : undefined;
  if (!mark) return;
  const first = { key: mark.key, fingerprint: mark.fingerprint, at: mark.at ?? at };
  if (mark.response) replays.set(mark.key, { ...first, ...mark.response });
  else if (event.type === 'permission.created') replays.set(mark.key, { ...first, status: 201, body: permissionToWire(event.permission) });
  else if (event.type === 'role.created') replays.set(mark.key, { ...first, status: 201, body: roleToWire(event.role) });
}
