import { Flex, Status, Typography } from '@strapi/design-system';
import { Clock, Lightning } from '@strapi/icons';
import type { Drive } from '../api/types';
import { useT } from '../hooks/useT';

type SyncModeOf = Pick<Drive, 'syncMode' | 'syncIntervalMinutes'>;

/**
 * How a drive is kept in step with Microsoft 365, as a status pill: "Live updates (change
 * notifications)" while its Graph subscription is live, "Scheduled sync every N minutes" otherwise.
 */
export const SyncModeBadge = ({ drive }: { drive: SyncModeOf }) => {
  const t = useT();
  const isLive = drive.syncMode === 'notifications';
  return (
    <Status
      variant={isLive ? 'success' : 'neutral'}
      size="S"
      width="fit-content"
      data-sync-mode={drive.syncMode}
    >
      <Flex gap={1}>
        {isLive ? (
          <Lightning fill="success600" aria-hidden />
        ) : (
          <Clock fill="neutral600" aria-hidden />
        )}
        <Typography tag="span" variant="omega" fontWeight="semiBold">
          {isLive
            ? t('syncMode.notifications', 'Live updates (change notifications)')
            : t(
                'syncMode.polling',
                'Scheduled sync every {minutes, plural, one {# minute} other {# minutes}}',
                { minutes: drive.syncIntervalMinutes }
              )}
        </Typography>
      </Flex>
    </Status>
  );
};

/** The longer word on the mode, for the drive's settings: what a user can expect of it. */
export const useSyncModeExplanation = () => {
  const t = useT();
  return (drive: SyncModeOf) =>
    drive.syncMode === 'notifications'
      ? t(
          'syncMode.notifications.explanation',
          'Microsoft 365 tells Strapi about changes as they happen; they show here within seconds. A scheduled sync every {minutes, plural, one {# minute} other {# minutes}} catches anything a notification missed.',
          { minutes: drive.syncIntervalMinutes }
        )
      : t(
          'syncMode.polling.explanation',
          "Changes made in Microsoft 365 show here after the next scheduled sync, or at once with Sync Now. Live updates need a public HTTPS address for Strapi (the plugin's notificationUrl setting)."
        );
};
