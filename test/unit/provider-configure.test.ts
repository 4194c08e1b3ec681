/**
 * Provider settings at configure: environment variables get the attribute's rules and are named
 * in the diagnostic (no internal names, no "Unexpected error"), and plain http is for this machine
 * only unless `allow_insecure_http` says otherwise.
 */
import { providerSettings } from '../../providers/configure';

const KEY = 'sk_test_configure_0123456789';

describe('WORKOS_BASE_URL and base_url', () => {
  test('WORKOS_BASE_URL=not-a-url: one diagnostic naming the variable and base_url; no client', () => {
    expect(providerSettings({}, { WORKOS_API_KEY: KEY, WORKOS_BASE_URL: 'not-a-url' })).toEqual({
      diagnostics: [
        { severity: 'error', summary: 'Invalid value for "base_url" from WORKOS_BASE_URL', detail: 'WORKOS_BASE_URL="not-a-url": "base_url" must be an http(s) URL.', path: ['base_url'] },
      ],
    });
    expect(providerSettings({}, { WORKOS_API_KEY: KEY, WORKOS_BASE_URL: 'ftp://example.com' }).diagnostics[0].summary).toBe('Invalid value for "base_url" from WORKOS_BASE_URL');
  });

  test('plain http to another machine is refused, from the block or the environment', () => {
    expect(providerSettings({ base_url: 'http://workos.internal:8080' }, { WORKOS_API_KEY: KEY })).toEqual({
      diagnostics: [
        {
          severity: 'error',
          summary: '"base_url" is plain http to another machine',
          detail:
            'base_url="http://workos.internal:8080": over plain http the API key would cross the network unencrypted to workos.internal:8080: use https, or set allow_insecure_http = true if the whole network path is trusted.',
          path: ['base_url'],
        },
      ],
    });
    const fromEnv = providerSettings({}, { WORKOS_API_KEY: KEY, WORKOS_BASE_URL: 'http://10.0.0.7' });
    expect(fromEnv.settings).toBeUndefined();
    expect(fromEnv.diagnostics).toEqual([expect.objectContaining({ summary: '"base_url" from WORKOS_BASE_URL is plain http to another machine', path: ['base_url'] })]);
    expect(fromEnv.diagnostics[0].detail).toMatch(/^WORKOS_BASE_URL="http:\/\/10\.0\.0\.7"/);
    expect(JSON.stringify(fromEnv)).not.toContain(KEY);
  });

  test.each(['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'http://127.1.2.3', 'https://api.workos.com', 'https://10.0.0.7'])('%s is accepted', (url) => {
    expect(providerSettings({ base_url: url }, { WORKOS_API_KEY: KEY })).toEqual({ settings: expect.objectContaining({ baseUrl: url, apiKey: KEY }), diagnostics: [] });
  });

  test('allow_insecure_http = true (or WORKOS_ALLOW_INSECURE_HTTP=true) allows it; the block wins over the environment', () => {
    const url = 'http://workos.internal:8080';
    expect(providerSettings({ base_url: url, allow_insecure_http: true }, { WORKOS_API_KEY: KEY }).settings?.baseUrl).toBe(url);
    expect(providerSettings({ base_url: url }, { WORKOS_API_KEY: KEY, WORKOS_ALLOW_INSECURE_HTTP: 'true' }).settings?.baseUrl).toBe(url);
    expect(providerSettings({ base_url: url, allow_insecure_http: false }, { WORKOS_API_KEY: KEY, WORKOS_ALLOW_INSECURE_HTTP: 'true' }).settings).toBeUndefined();
    expect(providerSettings({}, { WORKOS_API_KEY: KEY, WORKOS_ALLOW_INSECURE_HTTP: 'yes' }).diagnostics).toEqual([
      { severity: 'error', summary: 'Invalid value for "allow_insecure_http" from WORKOS_ALLOW_INSECURE_HTTP', detail: 'WORKOS_ALLOW_INSECURE_HTTP="yes": "allow_insecure_http" must be true or false.', path: ['allow_insecure_http'] },
    ]);
  });

  test('numbers from the environment keep their rules and wording', () => {
    expect(providerSettings({}, { WORKOS_API_KEY: KEY, WORKOS_MAX_CONCURRENT_REQUESTS: 'many' }).diagnostics).toEqual([
      {
        severity: 'error',
        summary: 'Invalid value for "max_concurrent_requests" from WORKOS_MAX_CONCURRENT_REQUESTS',
        detail: 'WORKOS_MAX_CONCURRENT_REQUESTS="many": "max_concurrent_requests" must be a number.',
        path: ['max_concurrent_requests'],
      },
    ]);
  });
});
