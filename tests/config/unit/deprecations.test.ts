/**
 * The deprecated `maxRequestsPerSecond` still limits (as N × 60 RU a minute), and says so once at
 * boot: one warning naming the key, what it is applied as, and what replaces it.
 */
import { DEFAULT_CONFIG } from '../../../server/src/config';
import { deprecationWarnings, warnDeprecatedConfig } from '../../../server/src/config/deprecations';

/** What bootstrap hands the function: the config store and Strapi's logger, recorded. */
const bootWith = (config: Record<string, unknown>) => {
  const logged: Array<[string, string]> = [];
  const record = (level: string) => (message: string) => void logged.push([level, message]);
  warnDeprecatedConfig({
    config: { get: () => config },
    log: { warn: record('warn'), info: record('info'), error: record('error') },
  } as never);
  return logged;
};

describe('deprecated config keys', () => {
  it('says nothing about a config without them', () => {
    expect(deprecationWarnings(DEFAULT_CONFIG)).toEqual([]);
    expect(bootWith(DEFAULT_CONFIG)).toEqual([]);
  });

  it('warns once at boot about maxRequestsPerSecond, with what it is applied as', () => {
    const logged = bootWith({ ...DEFAULT_CONFIG, maxRequestsPerSecond: 10 });
    expect(logged).toHaveLength(1);
    const [level, message] = logged[0];
    expect(level).toBe('warn');
    expect(message).toMatch(/^\[external-drives\] config "maxRequestsPerSecond" is deprecated/);
    // 10 a second is 600 RU a minute, lower than the default 1,200: 600 is in force.
    expect(message).toContain('applied as a budget of 600 resource units a minute');
    expect(message).toContain('in force now: 600 a minute');
    expect(message).toContain('Set resourceUnitsPerMinute');
  });

  it('names the budget in force when resourceUnitsPerMinute is the lower one', () => {
    const [message] = deprecationWarnings({
      ...DEFAULT_CONFIG,
      maxRequestsPerSecond: 100,
      resourceUnitsPerMinute: 1_200,
    });
    expect(message).toContain('6000 resource units a minute');
    expect(message).toContain('in force now: 1200 a minute');
  });
});
