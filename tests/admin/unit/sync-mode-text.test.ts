/**
 * What the panel says of a drive's sync mode: a drive with a live change-notification subscription
 * is shown as updated by notifications with the hourly safety sync, never the polling interval;
 * a polled drive shows its interval. Formatted as react-intl formats the English defaults.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { syncModeExplanation, syncModeLabel } from '../../../admin/src/components/syncModeText';
import type { Translate } from '../../../admin/src/hooks/useT';

const t: Translate = (_key, defaultMessage, values) =>
  String(new IntlMessageFormat(defaultMessage, 'en').format(values));

describe('sync mode text', () => {
  it('says live updates with the hourly safety sync for a subscribed drive', () => {
    const live = { syncMode: 'notifications' as const, scheduledSyncMinutes: 60 };
    expect(syncModeLabel(t, live)).toBe(
      'Live updates (change notifications), safety sync every hour'
    );
    expect(syncModeExplanation(t, live)).toContain(
      'A safety sync every hour catches anything a notification missed.'
    );
    // An interval longer than the hour is the safety net's pace.
    const slow = { syncMode: 'notifications' as const, scheduledSyncMinutes: 120 };
    expect(syncModeLabel(t, slow)).toBe(
      'Live updates (change notifications), safety sync every 120 minutes'
    );
  });

  it('says the interval for a polled drive', () => {
    const polled = { syncMode: 'polling' as const, scheduledSyncMinutes: 15 };
    expect(syncModeLabel(t, polled)).toBe('Scheduled sync every 15 minutes');
    expect(syncModeLabel(t, { ...polled, scheduledSyncMinutes: 1 })).toBe(
      'Scheduled sync every 1 minute'
    );
    expect(syncModeExplanation(t, polled)).toContain('after the next scheduled sync');
  });
});
