/**
 * The plugin process's gRPC server: tfplugin6.Provider plus go-plugin's controller, stdio
 * and broker services, over mutual TLS, announced by the handshake line.
 *
 * Start-up (ARCHITECTURE.md "Start-up"): before the handshake line only grpc-js, the
 * certificate and the method table load; the provider (schemas, handlers, zod, msgpack) and
 * the protobuf message types load right after it, while terraform connects, and before the
 * first RPC is answered.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../handler';
import type { Registry } from '../registry';
import { errorToDiagnostic, toProtoDiagnostic } from './diagnostics';
import { handshakeLine, handshakeSettings, listenInRange } from './handshake';
import { loadServices, MessageCodecs, protocolDescriptor } from './load';
import type { ClientFactory } from '../configure';
import type { Provider } from './provider';
import { generateServerCertificate } from './tls';

export interface PluginOptions {
  readonly env: NodeJS.ProcessEnv;
  /** What to serve; called once the handshake line is out. */
  readonly registry: () => Registry | Promise<Registry>;
  readonly log: Logger;
  /** Receives the handshake line (the only thing ever written to stdout). */
  readonly writeStdout?: (line: string) => void;
  /** Called after GRPCController/Shutdown has been answered. Default: exit the process. */
  readonly onShutdown?: () => void;
  readonly createClient?: ClientFactory;
}

export interface RunningPlugin {
  readonly port: number;
  readonly handshake: string;
  /** The server certificate, PEM: what terraform pins. */
  readonly certPem: string;
  close(): void;
}

const MAX_MESSAGE_BYTES = 256 << 20; // terraform's own limit

export async function startPlugin(options: PluginOptions): Promise<RunningPlugin> {
  const { log } = options;
  const settings = handshakeSettings(options.env);
  const cert = generateServerCertificate();
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(settings.clientCertPem),
    [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
    true, // only terraform, holding the key of PLUGIN_CLIENT_CERT, may call us
  );
  const codecs = new MessageCodecs(protocolDescriptor());
  const services = loadServices(codecs);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES, 'grpc.max_send_message_length': MAX_MESSAGE_BYTES });

  let provider: Promise<Provider> | undefined;
  const loadProvider = (): Promise<Provider> =>
    (provider ??= (async () => {
      const [{ Provider }, registry] = await Promise.all([import('./provider'), options.registry()]);
      return new Provider({ registry, log, env: options.env, createClient: options.createClient });
    })());
  const providerDefinition = services['tfplugin6.Provider']!;
  server.addService(providerDefinition, providerService(loadProvider, providerDefinition, log));

  const onShutdown =
    options.onShutdown ??
    (() => {
      server.forceShutdown();
      process.exit(0);
    });
  server.addService(services['plugin.GRPCController']!, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      log.debug('shutdown requested');
      callback(null, {});
      setTimeout(onShutdown, 10); // let the answer leave first
    },
  });
  server.addService(services['plugin.GRPCStdio']!, {
    // Logs go to stderr directly; the stream only has to stay open.
    StreamStdio: (call: grpc.ServerWritableStream<object, object>) => call.on('error', () => undefined),
  });
  server.addService(services['plugin.GRPCBroker']!, {
    StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
      call.on('data', () => undefined);
      call.on('error', () => undefined);
      call.on('end', () => call.end());
    },
  });

  const port = await listenInRange(server, credentials, settings.minPort, settings.maxPort);
  const handshake = handshakeLine(port, cert.certDer);
  (options.writeStdout ?? ((line) => process.stdout.write(line)))(handshake);
  log.debug('plugin serving', { port });
  codecs.warm();
  await loadProvider();
  return { port, handshake, certPem: cert.certPem, close: () => server.forceShutdown() };
}

/** Every tfplugin6.Provider method, each answered by the Provider method of the same name. */
function providerService(loadProvider: () => Promise<Provider>, definition: grpc.ServiceDefinition, log: Logger): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    implementation[name] = (call: grpc.ServerUnaryCall<unknown, object>, callback: grpc.sendUnaryData<object>) => {
      log.debug(`rpc ${name}`, { type_name: (call.request as { type_name?: string }).type_name });
      // Last resort: the methods answer with diagnostics themselves.
      const failed = (err: unknown): void => {
        log.error(`rpc ${name} failed`, { error: err instanceof Error ? err.stack : String(err) });
        const diagnostic = toProtoDiagnostic(errorToDiagnostic(err, name));
        callback(null, { diagnostics: [diagnostic], Error: diagnostic.summary, error: { text: diagnostic.summary } });
      };
      loadProvider().then((provider) => {
        const method = (provider as unknown as Record<string, ((req: unknown) => Promise<object>) | undefined>)[name];
        if (!method) callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented` });
        else method.call(provider, call.request).then((response) => callback(null, response), failed);
      }, failed);
    };
  }
  return implementation;
}
