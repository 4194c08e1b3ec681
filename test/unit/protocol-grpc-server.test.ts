/**
 * The gRPC server (providers/protocol/grpc.ts, on http2.ts) as a grpc-js client sees it:
 * what go-plugin relies on beyond the tfplugin6 calls of protocol-grpc.test.ts.
 */
import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { createGrpcServer, FixedAnswer, frame, IDLE_STREAM, unframe, UnimplementedError, type GrpcServer } from '../../providers/protocol/grpc';
import { loadServices } from '../../providers/protocol/load';
import { generateServerCertificate } from '../../providers/protocol/tls';

const services = loadServices();
const terraformCert = generateServerCertificate();
const serverCert = generateServerCertificate();

let server: GrpcServer;
let port: number;
let fixedAnswered = 0;

beforeAll(async () => {
  server = createGrpcServer({ keyPem: serverCert.keyPem, certPem: serverCert.certPem, clientCaPem: terraformCert.certPem, maxMessageBytes: 1024 });
  server.addService(services['plugin.GRPCController']!, {
    Shutdown: async () => {
      throw new UnimplementedError('not today');
    },
  });
  server.addService(services['plugin.GRPCStdio']!, { StreamStdio: IDLE_STREAM });
  server.addService(services['plugin.GRPCBroker']!, { StartStream: IDLE_STREAM });
  server.addService(services['tfplugin6.Provider']!, {
    GetMetadata: async () => {
      throw new Error('boom');
    },
    ValidateResourceConfig: async (request) => ({ diagnostics: [{ severity: 'WARNING', summary: `saw ${(request as { type_name: string }).type_name}` }] }),
    GetFunctions: new FixedAnswer(services['tfplugin6.Provider']!.GetFunctions!.responseSerialize({ functions: {}, diagnostics: [{ severity: 'WARNING', summary: 'answered as built' }] }), () => fixedAnswered++),
  });
  port = await server.listen(0);
});
afterAll(() => server.close());

function client(name: string): grpc.Client & Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const Client = grpc.makeGenericClientConstructor(services[name]!, name);
  const credentials = grpc.credentials.createSsl(Buffer.from(new X509Certificate(serverCert.certDer).toString()), Buffer.from(terraformCert.keyPem), Buffer.from(terraformCert.certPem));
  return new Client(`127.0.0.1:${port}`, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as grpc.Client & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const unary = (c: Record<string, any>, method: string, req: object) => // eslint-disable-line @typescript-eslint/no-explicit-any
  new Promise<any>((resolve, reject) => c[method](req, (err: grpc.ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)))); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the gRPC server', () => {
  it('answers a unary call with the decoded request in hand', async () => {
    const provider = client('tfplugin6.Provider');
    const res = await unary(provider, 'ValidateResourceConfig', { type_name: 'workos_role' });
    expect(res.diagnostics).toEqual([expect.objectContaining({ severity: 'WARNING', summary: 'saw workos_role' })]);
    provider.close();
  });

  it('answers UNIMPLEMENTED for a method without an implementation or one that says so, INTERNAL for one that throws', async () => {
    const provider = client('tfplugin6.Provider');
    await expect(unary(provider, 'GetProviderSchema', {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    await expect(unary(provider, 'GetMetadata', {})).rejects.toMatchObject({ code: grpc.status.INTERNAL, details: 'boom' });
    provider.close();
    const controller = client('plugin.GRPCController');
    await expect(unary(controller, 'Shutdown', {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'not today' });
    controller.close();
  });

  it('answers a fixed answer as it was encoded, without decoding the request, and runs its `after`', async () => {
    const provider = client('tfplugin6.Provider');
    const res = await unary(provider, 'GetFunctions', {});
    expect(res.diagnostics).toEqual([expect.objectContaining({ severity: 'WARNING', summary: 'answered as built' })]);
    expect(fixedAnswered).toBe(1);
    provider.close();
  });

  it('answers RESOURCE_EXHAUSTED for a request over the size limit', async () => {
    const provider = client('tfplugin6.Provider');
    await expect(unary(provider, 'ValidateResourceConfig', { type_name: 'x'.repeat(2048) })).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    provider.close();
  });

  it('keeps the stdio stream open, and ends the broker stream with OK once the client ends it', async () => {
    const stdio = client('plugin.GRPCStdio');
    const out = stdio.StreamStdio({});
    const stdioState = { ended: false, data: 0 };
    out.on('data', () => stdioState.data++);
    out.on('error', () => undefined);
    out.on('end', () => (stdioState.ended = true));

    const broker = client('plugin.GRPCBroker');
    const stream = broker.StartStream();
    const status = new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    stream.on('data', () => undefined);
    stream.write({ service_id: 1, network: 'tcp', address: '127.0.0.1:1' });
    stream.end();
    expect((await status).code).toBe(grpc.status.OK);

    // The broker's round trip is over; the stdio stream, opened first, is still open and silent.
    expect(stdioState).toEqual({ ended: false, data: 0 });
    out.cancel();
    stdio.close();
    broker.close();
  });
});

describe('gRPC message framing', () => {
  it('prefixes a message with an uncompressed flag and its big-endian length, and reads it back', () => {
    const framed = frame(Buffer.from('hello'));
    expect([...framed.subarray(0, 5)]).toEqual([0, 0, 0, 0, 5]);
    expect(unframe(framed).toString()).toBe('hello');
  });

  it('refuses compressed, truncated or concatenated messages', () => {
    expect(() => unframe(Buffer.from([1, 0, 0, 0, 1, 7]))).toThrow('compressed');
    expect(() => unframe(Buffer.from([0, 0, 0, 0, 3, 7]))).toThrow('expected one message of 3 bytes, got 1');
    expect(() => unframe(Buffer.concat([frame(Buffer.from('a')), frame(Buffer.from('b'))]))).toThrow('expected one message');
    expect(() => unframe(Buffer.from([0, 0]))).toThrow('no message');
  });
});
