/**
 * The provider's own HTTP/2 server side (providers/protocol/http2.ts) and HPACK decoder
 * (hpack.ts), against RFC 7541's examples and against nghttp2, the HTTP/2 of node:http2's
 * client, as a second implementation: header compression with a dynamic table, Huffman
 * strings, CONTINUATION, flow control on large answers, PING, RST_STREAM.
 */
import * as http2 from 'node:http2';
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { HpackDecoder, HpackError, HUFFMAN_CODES, huffmanDecode } from '../../providers/protocol/hpack';
import { Connection, headerBlock, type ServerStream } from '../../providers/protocol/http2';
import { generateServerCertificate } from '../../providers/protocol/tls';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('HPACK decoding', () => {
  it('has a complete prefix code for 257 symbols, the last one (EOS) 30 bits of ones', () => {
    expect(HUFFMAN_CODES).toHaveLength(257 * 2);
    let kraft = 0;
    for (let s = 0; s < 257; s++) kraft += 2 ** -HUFFMAN_CODES[s * 2 + 1]!;
    expect(kraft).toBe(1);
    expect([HUFFMAN_CODES[512], HUFFMAN_CODES[513]]).toEqual([0x3fffffff, 30]);
  });

  it('decodes the request examples of RFC 7541 C.3 and C.4, keeping the dynamic table between blocks', () => {
    const plain = new HpackDecoder();
    expect(plain.decode(hex('8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ]);
    const huffman = new HpackDecoder();
    expect(huffman.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ]);
    expect(huffman.decode(hex('8286 84be 5886 a8eb 1064 9cbf'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
      ['cache-control', 'no-cache'],
    ]);
    expect(huffman.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ]);
  });

  it('refuses bad padding, EOS inside a string, unknown indexes and oversized table updates', () => {
    expect(() => huffmanDecode(hex('ff ff ff ff'))).toThrow(HpackError); // EOS
    expect(() => huffmanDecode(hex('00'))).toThrow('padding'); // padding of zeros
    expect(() => new HpackDecoder().decode(hex('be'))).toThrow('no header table entry 62');
    expect(() => new HpackDecoder().decode(hex('3fe2 1f'))).toThrow('over the limit'); // size update to 4,096 + 1
  });

  it('evicts the oldest entries when the table is full', () => {
    const decoder = new HpackDecoder(100);
    // Two literals with incremental indexing, 32 + 5 + 40 octets each: the second evicts the first.
    const literal = (name: string, value: string) => Buffer.concat([Buffer.from([0x40, name.length]), Buffer.from(name), Buffer.from([value.length]), Buffer.from(value)]);
    decoder.decode(Buffer.concat([literal('x-one', 'a'.repeat(40)), literal('x-two', 'b'.repeat(40))]));
    expect(decoder.decode(hex('be'))).toEqual([['x-two', 'b'.repeat(40)]]);
    expect(() => decoder.decode(hex('bf'))).toThrow('no header table entry 63');
  });
});

describe('the HTTP/2 server side, driven by node:http2 (nghttp2)', () => {
  const serverCert = generateServerCertificate();
  let server: tls.Server;
  let port: number;
  const seen: ServerStream[] = [];

  /** Answers with the request's headers and body length as JSON, or `size` bytes when asked. */
  function handle(stream: ServerStream): void {
    seen.push(stream);
    let bodyBytes = 0;
    stream.onData = (chunk) => (bodyBytes += chunk.length);
    stream.onEnd = () => {
      const get = (name: string) => stream.headers.find(([n]) => n === name)?.[1];
      if (get(':path') === '/never') return; // left open: the client resets it
      const size = Number(get('x-size') ?? 0);
      const body = size > 0 ? Buffer.alloc(size, 0x61) : Buffer.from(JSON.stringify({ headers: stream.headers, bodyBytes }));
      stream.sendHeaders(headerBlock([[':status', '200'], ['content-type', 'application/json']]));
      stream.sendData(body, headerBlock([['x-trailer', 'done']]));
    };
  }

  beforeAll(async () => {
    server = tls.createServer({ key: serverCert.keyPem, cert: serverCert.certPem, ALPNProtocols: ['h2'] }, (socket) => new Connection(socket, handle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => server.close());

  const connect = () => http2.connect(`https://localhost:${port}`, { ca: serverCert.certPem });

  function request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: Buffer) {
    return new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ...headers });
      const chunks: Buffer[] = [];
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => (responseHeaders = h));
      req.on('trailers', (t) => (trailers = t));
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve({ headers: responseHeaders, trailers, body: Buffer.concat(chunks) }));
      req.on('error', reject);
      req.end(body);
    });
  }

  it('decodes every request header through the dynamic table, with many distinct values evicting each other', async () => {
    const session = connect();
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => request(session, { ':path': `/echo/${round}/${i}`, 'x-value': `${'v'.repeat(i * 7)}-${round}-${i}`, 'x-same': 'always the same' }, Buffer.alloc(i * 100))),
      );
      answers.forEach((answer, i) => {
        const echoed = JSON.parse(answer.body.toString()) as { headers: Array<[string, string]>; bodyBytes: number };
        expect(answer.headers[':status']).toBe(200);
        expect(answer.trailers['x-trailer']).toBe('done');
        expect(echoed.bodyBytes).toBe(i * 100);
        expect(echoed.headers).toEqual(
          expect.arrayContaining([
            [':path', `/echo/${round}/${i}`],
            ['x-value', `${'v'.repeat(i * 7)}-${round}-${i}`],
            ['x-same', 'always the same'],
          ]),
        );
      });
    }
    session.close();
  });

  it('reads a header block split over CONTINUATION frames', async () => {
    const session = connect();
    const big = 'c'.repeat(40_000);
    const answer = await request(session, { ':path': '/big-header', 'x-big': big });
    expect((JSON.parse(answer.body.toString()) as { headers: Array<[string, string]> }).headers).toContainEqual(['x-big', big]);
    session.close();
  });

  it('sends answers larger than the client windows, waiting for WINDOW_UPDATE', async () => {
    // A 16 KiB stream window (and the connection's 64 KiB) against 1 MiB answers, several at once.
    const session = http2.connect(`https://localhost:${port}`, { ca: serverCert.certPem, settings: { initialWindowSize: 16_384 } });
    const answers = await Promise.all([1, 2, 3].map((n) => request(session, { ':path': `/large/${n}`, 'x-size': String(n << 20) })));
    answers.forEach((answer, i) => {
      expect(answer.body.length).toBe((i + 1) << 20);
      expect(answer.body.every((b) => b === 0x61)).toBe(true);
      expect(answer.trailers['x-trailer']).toBe('done');
    });
    session.close();
  });

  it('answers PING and forgets a stream the client resets', async () => {
    const session = connect();
    await new Promise((resolve) => session.once('connect', resolve));
    const rtt = await new Promise<number>((resolve, reject) => session.ping((err, duration) => (err ? reject(err) : resolve(duration))));
    expect(rtt).toBeGreaterThanOrEqual(0);
    const req = session.request({ ':method': 'POST', ':path': '/never' });
    req.on('error', () => undefined);
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stream = seen.find((s) => s.headers.some(([n, v]) => n === ':path' && v === '/never'))!;
    expect(stream.closed).toBe(false);
    req.close(http2.constants.NGHTTP2_CANCEL);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.closed).toBe(true);
    // The connection still serves.
    expect((await request(session, { ':path': '/after-reset' })).headers[':status']).toBe(200);
    session.close();
  });

  it('closes a connection that does not start with the HTTP/2 preface, with GOAWAY', async () => {
    const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: serverCert.certPem, ALPNProtocols: ['h2'] });
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await new Promise((resolve) => socket.once('close', resolve));
    const all = Buffer.concat(received);
    // SETTINGS (type 4), WINDOW_UPDATE (8), then GOAWAY (7) with PROTOCOL_ERROR (1).
    const frames: Array<{ type: number; payload: Buffer }> = [];
    for (let pos = 0; pos + 9 <= all.length; pos += 9 + all.readUIntBE(pos, 3)) frames.push({ type: all[pos + 3]!, payload: all.subarray(pos + 9, pos + 9 + all.readUIntBE(pos, 3)) });
    expect(frames.map((f) => f.type)).toEqual([4, 8, 7]);
    expect(frames[2]!.payload.readUInt32BE(4)).toBe(1);
    expect(all.includes(Buffer.from('not an HTTP/2 client preface'))).toBe(true);
  });
});
