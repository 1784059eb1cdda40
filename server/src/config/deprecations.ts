/**
 * Deprecated config keys that still work: each one set gets one clear warning at boot saying what
 * it now does and what replaces it, instead of being mapped silently.
 */
import type { Core } from '@strapi/strapi';
import { pacingBudgetOf } from '../graph/pacing/budget';
import { PLUGIN_ID } from '../constants';
import type { PluginConfig } from './index';

type DeprecatedKeysOf = Pick<
  PluginConfig,
  | 'maxRequestsPerSecond'
  | 'resourceUnitsPerMinute'
  | 'resourceUnitsPerDay'
  | 'resourceUnitWindowSeconds'
>;

/** One message per deprecated key that is set (none with a clean config). */
export function deprecationWarnings(config: DeprecatedKeysOf): string[] {
  const warnings: string[] = [];
  const rate = config.maxRequestsPerSecond;
  if (rate !== null && rate !== undefined) {
    const inForce = pacingBudgetOf(config).resourceUnitsPerMinute;
    warnings.push(
      `config "maxRequestsPerSecond" is deprecated: Microsoft limits an app by resource units, ` +
        `not requests. ${rate} a second is applied as a budget of ${rate * 60} resource units a ` +
        `minute (in force now: ${inForce} a minute, the lower of it and resourceUnitsPerMinute ` +
        `${config.resourceUnitsPerMinute ?? 'null'}). Set resourceUnitsPerMinute to your ` +
        `tenant's budget and remove maxRequestsPerSecond.`
    );
  }
  return warnings;
}

/** Logs the warnings of the plugin's config, once per boot. */
export function warnDeprecatedConfig(strapi: Pick<Core.Strapi, 'config' | 'log'>): void {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  for (const warning of deprecationWarnings(config)) strapi.log.warn(`[${PLUGIN_ID}] ${warning}`);
}
