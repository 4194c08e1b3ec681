/**
 * terraform-provider-workos: the process terraform starts. Handshake and serve; logs on
 * stderr; stdout carries only the handshake line.
 */
import { HandshakeRefused } from './protocol/handshake';
import { createLogger, logLevelFromEnv } from './protocol/log';
import { startPlugin } from './protocol/server';

// Ctrl-C reaches the whole process group; terraform asks us to stop with StopProvider instead.
process.on('SIGINT', () => undefined);

const log = createLogger(logLevelFromEnv(process.env));

// The registry (schemas, handlers, zod) loads after the handshake line: start-up is the
// time to that line (ARCHITECTURE.md "Start-up and cost per call").
const registry = async () => (await import('./registry')).defaultRegistry();

startPlugin({ env: process.env, registry, log }).catch((err: unknown) => {
  if (err instanceof HandshakeRefused) {
    process.stderr.write(`${err.message}\n`);
  } else {
    log.error('provider failed to start', { error: err instanceof Error ? err.stack : String(err) });
  }
  process.exit(1);
});
