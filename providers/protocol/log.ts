/**
 * Logs as hclog JSON lines on stderr: go-plugin parses them and re-emits them through
 * terraform's logger, so `TF_LOG=debug` (or `TF_LOG_PROVIDER`) shows them. stdout belongs
 * to the handshake and is never written here.
 */
import type { Logger } from '../handler';
import { redact } from './diagnostics';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function logLevelFromEnv(env: NodeJS.ProcessEnv): Level | 'off' {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (raw === 'off') return 'off';
  if (raw === 'json') return 'trace';
  return (LEVELS as readonly string[]).includes(raw) ? (raw as Level) : 'warn';
}

export function createLogger(
  level: Level | 'off',
  write: (line: string) => void = (line) => process.stderr.write(line),
  module = 'provider.workos',
): Logger & { trace(msg: string, fields?: Record<string, unknown>): void } {
  const threshold = level === 'off' ? LEVELS.length : LEVELS.indexOf(level);
  const emit = (lvl: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(lvl) < threshold) return;
    const line = { '@level': lvl, '@message': redact(msg), '@module': module, '@timestamp': hclogTimestamp(new Date()), ...fields };
    write(redact(JSON.stringify(line)) + '\n');
  };
  return { trace: emit('trace'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** go-plugin parses `@timestamp` with Go's layout 2006-01-02T15:04:05.000000Z07:00: exactly six fraction digits. */
export function hclogTimestamp(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
