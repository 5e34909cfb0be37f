import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('METRICS_TOKEN', () => {
  it('is unset by default and when empty', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeNull();
  });

  it('is taken trimmed', () => {
    expect(loadConfig({ METRICS_TOKEN: ' 0123456789abcdef-+/=~ ' }).metricsToken).toBe('0123456789abcdef-+/=~');
  });

  it('refuses a short token or one that cannot travel in a header as is', () => {
    for (const METRICS_TOKEN of ['short', '0123456789abcde', 'has a space 0123456789', 'non-ascii-ü-0123456789', 'tab\there0123456789']) {
      expect(() => loadConfig({ METRICS_TOKEN }), METRICS_TOKEN).toThrow(ConfigError);
    }
  });
});
