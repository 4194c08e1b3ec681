/**
 * Durable state of the control plane: a snapshot (`state.json`) plus an append-only journal
 * (`journal.jsonl`, one event per line) in the data directory.
 *
 * - commit(): the event is written and fsync'ed BEFORE it is applied and acknowledged, all
 *   synchronously, so every answered write survives `kill -9` and no request interleaves.
 * - open(): loads the snapshot, replays journal events newer than it (a torn last line from a
 *   crash mid-write is dropped), then compacts: new snapshot via temp file + fsync + rename,
 *   then an empty journal. Sequence numbers make a crash between those two steps harmless.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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
} from './snapshot';
import {
  permissionToWire,
  roleToWire,
} from './wire';

const SNAPSHOT_FILE = 'state.json';
const JOURNAL_FILE = 'journal.jsonl';
const IDEMPOTENCY_CAPACITY = 1000;

export interface StoredResponse {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

type JournalLine = StateEvent & { seq: number };

export class Store {
  private constructor(
    readonly state: State,
    private readonly journalPath: string,
    private fd: number | undefined,
    private seq: number,
    private readonly idempotency: Map<string, StoredResponse>,
  ) {}

  static open(dataDir: string): Store {
    fs.mkdirSync(dataDir, { recursive: true });
    const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
    const journalPath = path.join(dataDir, JOURNAL_FILE);

    let snapshot: Snapshot | undefined;
    if (fs.existsSync(snapshotPath)) {
      try {
        snapshot = JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as Snapshot;
      } catch (err) {
        throw new Error(`${snapshotPath} is unreadable (${(err as Error).message}); it is written atomically, so this is not a crash: restore it from a backup`);
      }
    }
    const state = snapshot ? fromSnapshot(snapshot) : initialState(new Date().toISOString(), newId('role'));
    let seq = snapshot?.seq ?? 0;

    const idempotency = new Map<string, StoredResponse>();
    for (const line of readJournal(journalPath)) {
      if (line.seq <= seq) continue; // already folded into the snapshot
      const { seq: lineSeq, ...event } = line;
      applyEvent(state, event);
      rememberCreate(idempotency, event);
      seq = lineSeq;
    }

    writeFileAtomic(snapshotPath, JSON.stringify(toSnapshot(state, seq)));
    const fd = fs.openSync(journalPath, 'w'); // truncate: everything is in the snapshot now
    fs.fsyncSync(fd);
    return new Store(state, journalPath, fd, seq, idempotency);
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
    rememberCreate(this.idempotency, event);
  }

  /** The answer given to an earlier create with this Idempotency-Key, if any (kept across one restart). */
  replayFor(key: string): StoredResponse | undefined {
    return this.idempotency.get(key);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
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

function rememberCreate(cache: Map<string, StoredResponse>, event: StateEvent): void {
  const mark = 'idempotency' in event ? event.idempotency : undefined;
  if (mark?.response) {
    remember(cache, mark.key, { fingerprint: mark.fingerprint, ...mark.response });
  } else if (event.type === 'permission.created' && event.idempotency) {
    remember(cache, event.idempotency.key, { fingerprint: event.idempotency.fingerprint, status: 201, body: permissionToWire(event.permission) });
  } else if (event.type === 'role.created' && event.idempotency) {
    remember(cache, event.idempotency.key, { fingerprint: event.idempotency.fingerprint, status: 201, body: roleToWire(event.role) });
  }
}

function remember(cache: Map<string, StoredResponse>, key: string, response: StoredResponse): void {
  cache.set(key, response);
  if (cache.size > IDEMPOTENCY_CAPACITY) cache.delete(cache.keys().next().value as string);
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}
