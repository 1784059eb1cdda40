/**
 * What the panel says of how a drive is kept in step with Microsoft 365: the short label of its
 * badge and the longer explanation of its settings. Kept apart from the badge so it is tested
 * without rendering.
 */
import type { Drive } from '../api/types';
import type { Translate } from '../hooks/useT';

export type SyncModeOf = Pick<Drive, 'syncMode' | 'scheduledSyncMinutes'> &
  Partial<Pick<Drive, 'status'>>;

/**
 * "Live updates (change notifications), safety sync every hour" while the drive's subscription is
 * live (the schedule then only catches a notification Graph never sent), "Scheduled sync every N
 * minutes" otherwise.
 */
export const syncModeLabel = (t: Translate, drive: SyncModeOf): string =>
  drive.syncMode === 'notifications'
    ? t(
        'syncMode.notifications',
        'Live updates (change notifications), safety sync every {minutes, plural, =60 {hour} one {# minute} other {# minutes}}',
        { minutes: drive.scheduledSyncMinutes }
      )
    : t(
        'syncMode.polling',
        'Scheduled sync every {minutes, plural, one {# minute} other {# minutes}}',
        { minutes: drive.scheduledSyncMinutes }
      );

/** The longer word on the mode, for the drive's settings: what a user can expect of it. */
export const syncModeExplanation = (t: Translate, drive: SyncModeOf): string =>
  drive.syncMode === 'notifications'
    ? t(
        'syncMode.notifications.explanation',
        'Microsoft 365 tells Strapi about changes as they happen; they show here within seconds. A safety sync every {minutes, plural, =60 {hour} one {# minute} other {# minutes}} catches anything a notification missed.',
        { minutes: drive.scheduledSyncMinutes }
      )
    : t(
        'syncMode.polling.explanation',
        "Changes made in Microsoft 365 show here after the next scheduled sync, or at once with Sync Now. Live updates need a public HTTPS address for Strapi (the plugin's notificationUrl setting)."
      );
