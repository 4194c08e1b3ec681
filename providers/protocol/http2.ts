/**
 * The server side of HTTP/2 (RFC 9113) over a TLS socket, with just what a gRPC server
 * answering terraform needs: request streams (HEADERS, CONTINUATION, DATA), responses of
 * headers, data and trailers, SETTINGS, PING, WINDOW_UPDATE, RST_STREAM and GOAWAY.
 *
 * Why not node:http2: every call through it builds a Duplex stream, header objects and a
 * handful of events and ticks, about 140 µs of CPU per unary call on the machines this runs
 * on; a terraform plan of 1,000 objects makes 4,000 calls (ARCHITECTURE.md "Start-up and
 * cost per call"). Here a call is a few frames parsed in place and one socket write.
 *
 * Flow control: this side announces windows of 2^31-1 and tops the connection window up
 * as data arrives, so the client never waits on it; what it sends respects the client's
 * windows and frame size, queueing what does not fit until WINDOW_UPDATE.
 */
import type { Socket } from 'node:net';
import { encodeLiteral, HpackDecoder, HpackError, type HeaderList } from './hpack';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

const enum FrameType {
  DATA = 0x0,
  HEADERS = 0x1,
  PRIORITY = 0x2,
  RST_STREAM = 0x3,
  SETTINGS = 0x4,
  PUSH_PROMISE = 0x5,
  PING = 0x6,
  GOAWAY = 0x7,
  WINDOW_UPDATE = 0x8,
  CONTINUATION = 0x9,
}

const enum Flag {
  END_STREAM = 0x1,
  ACK = 0x1,
  END_HEADERS = 0x4,
  PADDED = 0x8,
  PRIORITY = 0x20,
}

const enum Setting {
  HEADER_TABLE_SIZE = 0x1,
  INITIAL_WINDOW_SIZE = 0x4,
  MAX_FRAME_SIZE = 0x5,
}

/** Error codes of RFC 9113 section 7 used here. */
const enum ErrorCode {
  NO_ERROR = 0x0,
  PROTOCOL_ERROR = 0x1,
  FLOW_CONTROL_ERROR = 0x3,
  FRAME_SIZE_ERROR = 0x6,
  CANCEL = 0x8,
  COMPRESSION_ERROR = 0x9,
}

const MAX_WINDOW = 2 ** 31 - 1;
const DEFAULT_WINDOW = 65_535;
const DEFAULT_MAX_FRAME = 16_384;
/** Frames this side accepts: the default maximum (it announces no other). */
const MAX_INCOMING_FRAME = DEFAULT_MAX_FRAME;

/** One request stream, as the application sees it. */
export interface ServerStream {
  readonly id: number;
  /** The request's header fields, pseudo-headers included, in arrival order. */
  readonly headers: HeaderList;
  /** Request body bytes as they arrive (set by the application when it gets the stream). */
  onData?: (chunk: Buffer) => void;
  /** The client has ended its side. */
  onEnd?: () => void;
  /** True once the stream can send nothing more: answered, reset, or the connection is gone. */
  readonly closed: boolean;
  /** Sends a response header block; `end` also ends the stream (a trailers-only answer). */
  sendHeaders(block: Buffer, end?: boolean): void;
  /** Sends response data, then, if given, a trailer block that ends the stream. */
  sendData(data: Buffer, trailers?: Buffer): void;
  /** Ends the stream with a trailer block. */
  sendTrailers(block: Buffer): void;
}

/** A header block of literal fields, none of them indexed: what a server sends. */
export function headerBlock(fields: HeaderList): Buffer {
  return Buffer.concat(fields.map(([name, value]) => encodeLiteral(name, value)));
}

class Stream implements ServerStream {
  onData?: (chunk: Buffer) => void;
  onEnd?: () => void;
  remoteEnded = false;
  localEnded = false;
  reset = false;
  /** This side's send window for the stream (the client's receive window). */
  window: number;
  /** Data waiting for window, then the trailers that end the stream. */
  pending: Buffer | undefined;
  pendingTrailers: Buffer | undefined;

  constructor(
    readonly id: number,
    readonly headers: HeaderList,
    private readonly connection: Connection,
  ) {
    this.window = connection.peerInitialWindow;
  }

  get closed(): boolean {
    return this.localEnded || this.reset || this.connection.isClosed;
  }

  sendHeaders(block: Buffer, end = false): void {
    if (this.closed) return;
    this.connection.writeHeaders(this.id, block, end);
    if (end) this.finish();
  }

  sendData(data: Buffer, trailers?: Buffer): void {
    if (this.closed || this.pending) return;
    this.pending = data;
    this.pendingTrailers = trailers;
    this.connection.flushStream(this);
  }

  sendTrailers(block: Buffer): void {
    if (this.closed) return;
    if (this.pending) this.pendingTrailers = block;
    else this.sendHeaders(block, true);
  }

  finish(): void {
    this.localEnded = true;
    this.pending = undefined;
    this.pendingTrailers = undefined;
    this.connection.forget(this);
  }
}

/**
 * One client connection. `onStream` is called once per request stream, when its headers
 * have arrived; the application then sets `onData`/`onEnd` and answers.
 */
export class Connection {
  peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  private sendWindow = DEFAULT_WINDOW;
  /** Bytes received since the connection window was last topped up. */
  private received = 0;
  private readonly streams = new Map<number, Stream>();
  private readonly blocked = new Set<Stream>();
  private readonly decoder = new HpackDecoder();
  private inbox: Buffer = Buffer.alloc(0);
  private prefaceSeen = false;
  /** A header block in progress: HEADERS without END_HEADERS, waiting for CONTINUATION. */
  private partialHeaders: { streamId: number; endStream: boolean; fragments: Buffer[] } | undefined;
  private outbox: Buffer[] = [];
  private flushScheduled = false;
  isClosed = false;

  constructor(
    private readonly socket: Socket,
    private readonly onStream: (stream: ServerStream) => void,
  ) {
    socket.setNoDelay(true);
    // Server preface: our settings (the largest stream window), and the largest connection window.
    this.writeFrame(FrameType.SETTINGS, 0, 0, settingsPayload([[Setting.INITIAL_WINDOW_SIZE, MAX_WINDOW]]));
    this.writeFrame(FrameType.WINDOW_UPDATE, 0, 0, uint31(MAX_WINDOW - DEFAULT_WINDOW));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.streams.clear();
    this.blocked.clear();
    this.socket.destroy();
  }

  /** Ends the connection with GOAWAY: a protocol error on the client's side. */
  private fail(code: ErrorCode, reason: string): void {
    if (this.isClosed) return;
    const payload = Buffer.alloc(8 + Buffer.byteLength(reason));
    payload.writeUInt32BE(this.lastStreamId(), 0);
    payload.writeUInt32BE(code, 4);
    payload.write(reason, 8);
    this.writeFrame(FrameType.GOAWAY, 0, 0, payload);
    this.flush();
    this.isClosed = true;
    this.socket.end();
  }

  private lastStreamId(): number {
    let last = 0;
    for (const id of this.streams.keys()) last = Math.max(last, id);
    return last;
  }

  private receive(chunk: Buffer): void {
    this.inbox = this.inbox.length === 0 ? chunk : Buffer.concat([this.inbox, chunk]);
    let pos = 0;
    try {
      if (!this.prefaceSeen) {
        if (this.inbox.length < PREFACE.length) return;
        if (!this.inbox.subarray(0, PREFACE.length).equals(PREFACE)) return this.fail(ErrorCode.PROTOCOL_ERROR, 'not an HTTP/2 client preface');
        this.prefaceSeen = true;
        pos = PREFACE.length;
      }
      while (!this.isClosed && this.inbox.length - pos >= 9) {
        const length = this.inbox.readUIntBE(pos, 3);
        if (length > MAX_INCOMING_FRAME) return this.fail(ErrorCode.FRAME_SIZE_ERROR, `frame of ${length} bytes`);
        if (this.inbox.length - pos < 9 + length) break;
        const type = this.inbox[pos + 3]!;
        const flags = this.inbox[pos + 4]!;
        const streamId = this.inbox.readUInt32BE(pos + 5) & 0x7fffffff;
        const payload = this.inbox.subarray(pos + 9, pos + 9 + length);
        pos += 9 + length;
        this.frame(type, flags, streamId, payload);
      }
    } catch (err) {
      return this.fail(err instanceof HpackError ? ErrorCode.COMPRESSION_ERROR : ErrorCode.PROTOCOL_ERROR, (err as Error).message);
    } finally {
      // Keep only what is left, copied, so that a small remainder does not hold a whole chunk in memory.
      this.inbox = pos >= this.inbox.length ? Buffer.alloc(0) : pos === 0 ? this.inbox : Buffer.from(this.inbox.subarray(pos));
      // What these frames called for (acknowledgements, window updates, answers ready by the
      // end of this turn of the event loop) leaves in one write, by the flush writeFrame set up.
    }
  }

  private frame(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (this.partialHeaders && type !== FrameType.CONTINUATION) throw new Error('expected CONTINUATION');
    switch (type) {
      case FrameType.DATA:
        return this.data(flags, streamId, payload);
      case FrameType.HEADERS:
        return this.headers(flags, streamId, payload);
      case FrameType.CONTINUATION: {
        const partial = this.partialHeaders;
        if (!partial || partial.streamId !== streamId) throw new Error('unexpected CONTINUATION');
        partial.fragments.push(Buffer.from(payload));
        if (flags & Flag.END_HEADERS) {
          this.partialHeaders = undefined;
          this.headerBlockDone(streamId, Buffer.concat(partial.fragments), partial.endStream);
        }
        return;
      }
      case FrameType.RST_STREAM: {
        const stream = this.streams.get(streamId);
        if (stream) {
          stream.reset = true;
          this.forget(stream);
        }
        return;
      }
      case FrameType.SETTINGS:
        if (flags & Flag.ACK) return;
        if (streamId !== 0 || payload.length % 6 !== 0) throw new Error('malformed SETTINGS');
        for (let i = 0; i < payload.length; i += 6) this.setting(payload.readUInt16BE(i), payload.readUInt32BE(i + 2));
        this.writeFrame(FrameType.SETTINGS, Flag.ACK, 0, Buffer.alloc(0));
        for (const stream of [...this.blocked]) this.flushStream(stream);
        return;
      case FrameType.PING:
        if (!(flags & Flag.ACK)) this.writeFrame(FrameType.PING, Flag.ACK, 0, Buffer.from(payload));
        return;
      case FrameType.GOAWAY:
        // The client will open no more streams; it closes the connection when it is done.
        return;
      case FrameType.WINDOW_UPDATE: {
        const increment = payload.readUInt32BE(0) & 0x7fffffff;
        if (streamId === 0) {
          this.sendWindow += increment;
          if (this.sendWindow > MAX_WINDOW) return this.fail(ErrorCode.FLOW_CONTROL_ERROR, 'connection window overflow');
          for (const stream of [...this.blocked]) this.flushStream(stream);
        } else {
          const stream = this.streams.get(streamId);
          if (stream) {
            stream.window += increment;
            this.flushStream(stream);
          }
        }
        return;
      }
      case FrameType.PUSH_PROMISE:
        throw new Error('a client may not push');
      default:
        // PRIORITY and unknown frame types are ignored.
        return;
    }
  }

  private setting(id: number, value: number): void {
    if (id === Setting.INITIAL_WINDOW_SIZE) {
      if (value > MAX_WINDOW) throw new Error('initial window too large');
      const delta = value - this.peerInitialWindow;
      this.peerInitialWindow = value;
      for (const stream of this.streams.values()) stream.window += delta;
    } else if (id === Setting.MAX_FRAME_SIZE) {
      if (value < DEFAULT_MAX_FRAME || value > 2 ** 24 - 1) throw new Error('invalid max frame size');
      this.peerMaxFrame = value;
    }
    // HEADER_TABLE_SIZE limits the client's decoder table, which this side never adds to; others do not apply.
  }

  private headers(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new Error('HEADERS on stream 0');
    let start = 0;
    let end = payload.length;
    if (flags & Flag.PADDED) {
      end -= payload[0]!;
      start = 1;
    }
    if (flags & Flag.PRIORITY) start += 5;
    if (start > end) throw new Error('HEADERS padding too long');
    const fragment = payload.subarray(start, end);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (flags & Flag.END_HEADERS) this.headerBlockDone(streamId, fragment, endStream);
    else this.partialHeaders = { streamId, endStream, fragments: [Buffer.from(fragment)] };
  }

  private headerBlockDone(streamId: number, block: Buffer, endStream: boolean): void {
    // Every block is decoded, even one for a stream we no longer know: the table must stay in step.
    const headers = this.decoder.decode(block);
    const existing = this.streams.get(streamId);
    if (existing) {
      // Trailers from the client: they can only end its side.
      if (endStream) this.remoteEnd(existing);
      return;
    }
    const stream = new Stream(streamId, headers, this);
    this.streams.set(streamId, stream);
    this.onStream(stream);
    if (endStream) this.remoteEnd(stream);
  }

  private data(flags: number, streamId: number, payload: Buffer): void {
    // The whole payload, padding included, counts against the connection window.
    this.received += payload.length;
    if (this.received >= MAX_WINDOW / 2) {
      this.writeFrame(FrameType.WINDOW_UPDATE, 0, 0, uint31(this.received));
      this.received = 0;
    }
    const stream = this.streams.get(streamId);
    if (!stream || stream.remoteEnded) return; // reset or answered already: dropped
    let body = payload;
    if (flags & Flag.PADDED) {
      const padding = payload[0]!;
      if (padding >= payload.length) throw new Error('DATA padding too long');
      body = payload.subarray(1, payload.length - padding);
    }
    // A view, not a copy: socket chunks are never reused, and a call consumes its body as soon as it ends.
    if (body.length > 0) stream.onData?.(body);
    if (flags & Flag.END_STREAM) this.remoteEnd(stream);
  }

  private remoteEnd(stream: Stream): void {
    if (stream.remoteEnded) return;
    stream.remoteEnded = true;
    stream.onEnd?.();
    if (stream.localEnded) this.forget(stream);
  }

  /** Drops a stream both sides are done with (or that was reset). */
  forget(stream: Stream): void {
    this.blocked.delete(stream);
    if ((stream.remoteEnded && stream.localEnded) || stream.reset) this.streams.delete(stream.id);
  }

  writeHeaders(streamId: number, block: Buffer, endStream: boolean): void {
    const flags = endStream ? Flag.END_STREAM : 0;
    if (block.length <= this.peerMaxFrame) {
      this.writeFrame(FrameType.HEADERS, flags | Flag.END_HEADERS, streamId, block);
      return;
    }
    for (let offset = 0; offset < block.length; offset += this.peerMaxFrame) {
      const last = offset + this.peerMaxFrame >= block.length;
      const piece = block.subarray(offset, offset + this.peerMaxFrame);
      this.writeFrame(offset === 0 ? FrameType.HEADERS : FrameType.CONTINUATION, (offset === 0 ? flags : 0) | (last ? Flag.END_HEADERS : 0), streamId, piece);
    }
  }

  /** Sends as much of the stream's pending data as the windows allow, then its trailers. */
  flushStream(stream: Stream): void {
    if (stream.closed) return;
    let data = stream.pending;
    while (data && data.length > 0) {
      const size = Math.min(data.length, this.peerMaxFrame, stream.window, this.sendWindow);
      if (size <= 0) break;
      this.writeFrame(FrameType.DATA, 0, stream.id, data.subarray(0, size));
      stream.window -= size;
      this.sendWindow -= size;
      data = data.subarray(size);
    }
    if (data && data.length > 0) {
      stream.pending = data;
      this.blocked.add(stream);
      return;
    }
    this.blocked.delete(stream);
    stream.pending = undefined;
    const trailers = stream.pendingTrailers;
    if (trailers) {
      stream.pendingTrailers = undefined;
      this.writeHeaders(stream.id, trailers, true);
      stream.finish();
    }
  }

  private writeFrame(type: FrameType, flags: number, streamId: number, payload: Buffer): void {
    if (this.isClosed) return;
    const header = Buffer.allocUnsafe(9);
    header.writeUIntBE(payload.length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(streamId, 5);
    this.outbox.push(header, payload);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** One socket write for everything queued since the last one. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0 || this.socket.destroyed) return;
    const out = this.outbox.length === 1 ? this.outbox[0]! : Buffer.concat(this.outbox);
    this.outbox = [];
    this.socket.write(out);
  }
}

function settingsPayload(settings: Array<[number, number]>): Buffer {
  const payload = Buffer.alloc(settings.length * 6);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6);
    payload.writeUInt32BE(value, i * 6 + 2);
  });
  return payload;
}

function uint31(value: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(value & 0x7fffffff, 0);
  return payload;
}
