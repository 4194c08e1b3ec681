import { createLogger, hclogTimestamp, logLevelFromEnv } from '../../providers/protocol/log';
import { registerSecret } from '../../providers/protocol/diagnostics';

describe('hclog JSON logging on stderr', () => {
  it('takes the level from TF_LOG_PROVIDER, else TF_LOG, else warn', () => {
    expect(logLevelFromEnv({})).toBe('warn');
    expect(logLevelFromEnv({ TF_LOG: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ TF_LOG: 'debug', TF_LOG_PROVIDER: 'error' })).toBe('error');
    expect(logLevelFromEnv({ TF_LOG: 'JSON' })).toBe('trace');
    expect(logLevelFromEnv({ TF_LOG: 'off' })).toBe('off');
  });

  it('writes lines go-plugin parses (six fraction digits in @timestamp), drops lower levels, never shows secrets', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    registerSecret('sk_test_log_secret');
    log.debug('hidden');
    log.info('configured with sk_test_log_secret', { base_url: 'http://x' });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ '@level': 'info', '@module': 'provider.workos', '@message': 'configured with [redacted]', base_url: 'http://x' });
    expect(entry['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(hclogTimestamp(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:05.678000Z');
  });
});
