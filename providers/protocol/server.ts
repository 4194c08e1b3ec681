/**
 * The plugin process's gRPC server: tfplugin6.Provider plus go-plugin's controller, stdio
 * and broker services, over mutual TLS, announced by the handshake line.
 *
 * Start-up (ARCHITECTURE.md "Start-up and cost per call"): before the handshake line only the
 * gRPC server (grpc.ts, http2.ts, node:tls), the certificate and the method table load; the
 * provider (schemas, handlers, zod, msgpack) and the protobuf message types load right after
 * it, while terraform connects, and every RPC waits for them.
 */
import { writeSync } from 'node:fs';
import type { Logger } from '../handler';
import type { Registry } from '../registry';
import type { ClientFactory } from '../configure';
import type { Provider } from './provider';
import { errorToDiagnostic, toProtoDiagnostic } from './diagnostics';
import { createGrpcServer, IDLE_STREAM, UnimplementedError, type UnaryMethod } from './grpc';
import { handshakeLine, handshakeSettings, listenInRange } from './handshake';
import { loadServices, MessageCodecs, protocolDescriptor } from './load';
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
  // Only terraform, holding the key of PLUGIN_CLIENT_CERT, may call us.
  const server = createGrpcServer({ keyPem: cert.keyPem, certPem: cert.certPem, clientCaPem: settings.clientCertPem, maxMessageBytes: MAX_MESSAGE_BYTES });
  const codecs = new MessageCodecs(protocolDescriptor());
  const services = loadServices(codecs);

  let provider: Promise<Provider> | undefined;
  const loadProvider = (): Promise<Provider> =>
    (provider ??= (async () => {
      const [{ Provider }, registry] = await Promise.all([import('./provider'), options.registry()]);
      return new Provider({ registry, log, env: options.env, createClient: options.createClient });
    })());
  const providerDefinition = services['tfplugin6.Provider']!;
  server.addService(providerDefinition, providerService(loadProvider, Object.keys(providerDefinition), log));

  const onShutdown =
    options.onShutdown ??
    (() => {
      server.close();
      process.exit(0);
    });
  server.addService(services['plugin.GRPCController']!, {
    Shutdown: async () => {
      log.debug('shutdown requested');
      setTimeout(onShutdown, 10); // let the answer leave first
      return {};
    },
  });
  // Logs go to stderr directly; the stdio stream only has to stay open, and the broker is never used.
  server.addService(services['plugin.GRPCStdio']!, { StreamStdio: IDLE_STREAM });
  server.addService(services['plugin.GRPCBroker']!, { StartStream: IDLE_STREAM });

  const port = await listenInRange(server.listen, settings.minPort, settings.maxPort);
  const handshake = handshakeLine(port, cert.certDer);
  // Straight to fd 1: setting up process.stdout costs ~2 ms, for one line.
  (options.writeStdout ?? ((line) => writeSync(1, line)))(handshake);
  log.debug('plugin serving', { port });
  codecs.warm();
  await loadProvider();
  return { port, handshake, certPem: cert.certPem, close: () => server.close() };
}

/** Every tfplugin6.Provider method, each answered by the Provider method of the same name. */
function providerService(loadProvider: () => Promise<Provider>, names: readonly string[], log: Logger): Record<string, UnaryMethod> {
  const implementation: Record<string, UnaryMethod> = {};
  for (const name of names) {
    implementation[name] = async (request) => {
      log.debug(`rpc ${name}`, { type_name: (request as { type_name?: string }).type_name });
      const provider = await loadProvider();
      const method = (provider as unknown as Record<string, ((req: unknown) => Promise<object>) | undefined>)[name];
      if (!method) throw new UnimplementedError(`${name} is not implemented`);
      try {
        return await method.call(provider, request);
      } catch (err) {
        // Last resort: the methods answer with diagnostics themselves.
        log.error(`rpc ${name} failed`, { error: err instanceof Error ? err.stack : String(err) });
        const diagnostic = toProtoDiagnostic(errorToDiagnostic(err, name));
        return { diagnostics: [diagnostic], Error: diagnostic.summary, error: { text: diagnostic.summary } };
      }
    };
  }
  return implementation;
}
