/**
 * The go-plugin handshake: terraform starts us with a magic cookie and its client
 * certificate; we listen on 127.0.0.1 within the port range it gives and answer with one
 * stdout line, `1|6|tcp|127.0.0.1:PORT|grpc|CERT`. Nothing else is ever written to stdout.
 */
import { handshakeCertificate } from './tls';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

export interface HandshakeSettings {
  readonly clientCertPem: string;
  readonly minPort: number;
  readonly maxPort: number;
}

export class HandshakeRefused extends Error {}

/** Reads terraform's side of the handshake from the environment, or explains why we cannot serve. */
export function handshakeSettings(env: NodeJS.ProcessEnv): HandshakeSettings {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeRefused(
      'This binary is a Terraform plugin. These are not meant to be executed directly.\n' +
        'Please execute the program that consumes these plugins, which will load any plugins automatically.',
    );
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL_VERSION)).split(',').map((v) => v.trim());
  if (!versions.includes(String(APP_PROTOCOL_VERSION))) {
    throw new HandshakeRefused(`This provider speaks plugin protocol ${APP_PROTOCOL_VERSION}; the client offered ${versions.join(', ')}.`);
  }
  const clientCertPem = env.PLUGIN_CLIENT_CERT;
  if (!clientCertPem) {
    throw new HandshakeRefused('PLUGIN_CLIENT_CERT is not set: this provider only serves over mutual TLS (terraform sets it).');
  }
  const minPort = Number(env.PLUGIN_MIN_PORT || 10000);
  const maxPort = Number(env.PLUGIN_MAX_PORT || 25000);
  if (!Number.isInteger(minPort) || !Number.isInteger(maxPort) || minPort < 1 || maxPort > 65535 || minPort > maxPort) {
    throw new HandshakeRefused(`Invalid port range PLUGIN_MIN_PORT=${env.PLUGIN_MIN_PORT} PLUGIN_MAX_PORT=${env.PLUGIN_MAX_PORT}.`);
  }
  return { clientCertPem, minPort, maxPort };
}

/** Binds to a free port in the range: a random first pick, then the following ones. */
export async function listenInRange(listen: (port: number) => Promise<number>, minPort: number, maxPort: number): Promise<number> {
  const span = maxPort - minPort + 1;
  const first = Math.floor(Math.random() * span);
  let lastError: Error | undefined;
  for (let i = 0; i < Math.min(span, 50); i++) {
    try {
      return await listen(minPort + ((first + i) % span));
    } catch (err) {
      lastError = err as Error;
    }
  }
  throw new Error(`No free port in ${minPort}..${maxPort}: ${lastError?.message}`);
}

export function handshakeLine(port: number, certDer: Buffer): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|${handshakeCertificate(certDer)}\n`;
}
