import { Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise, Key } from '@strapi/icons';
import { useRequestSync } from '../../../../api/resources/drives';
import type { Drive } from '../../../../api/types';
import { DriveLastSync } from '../../../../components/DriveLastSync';
import { DriveStatusText } from '../../../../components/DriveStatusText';
import { ProgressLine } from '../../../../components/ProgressLine';
import { SyncModeBadge, useSyncModeExplanation } from '../../../../components/SyncModeBadge';
import { useReportError } from '../../../../hooks/useReportError';
import { useT } from '../../../../hooks/useT';

interface SyncTabProps {
  drive: Drive;
  onSyncRequested(): void;
  /** Signing in with Microsoft again; only for personal drives. */
  onReconnect?: () => void;
  isReconnecting?: boolean;
  /** The integration is unavailable: Sync Now and Reconnect are disabled. */
  offline: boolean;
}

/** The drive's sync state and mode, Sync Now with its progress, and Reconnect. */
export const SyncTab = ({
  drive,
  onSyncRequested,
  onReconnect,
  isReconnecting,
  offline,
}: SyncTabProps) => {
  const t = useT();
  const reportError = useReportError();
  const explainSyncMode = useSyncModeExplanation();
  const [requestSync] = useRequestSync();
  const isSyncing = drive.status === 'syncing' || Boolean(drive.progress);

  const syncNow = async () => {
    try {
      await requestSync(drive.id).unwrap();
      onSyncRequested();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
      <DriveStatusText drive={drive} />
      {isSyncing && drive.progress?.percent != null && (
        <ProgressLine
          value={drive.progress.percent}
          label={t('driveSettings.progress', 'Sync progress')}
        />
      )}
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <SyncModeBadge drive={drive} />
        <Typography variant="pi" textColor="neutral600">
          {explainSyncMode(drive)}
        </Typography>
      </Flex>
      <DriveLastSync drive={drive} />
      <Typography textColor="neutral600">
        {t('driveSettings.itemCount', '{count, plural, one {# item} other {# items}} synced', {
          count: drive.itemCount ?? 0,
        })}
      </Typography>
      <Flex gap={2}>
        <Button
          startIcon={<ArrowClockwise />}
          loading={isSyncing}
          disabled={offline}
          onClick={() => void syncNow()}
        >
          {isSyncing ? t('status.syncing', 'Syncing…') : t('driveSettings.syncNow', 'Sync Now')}
        </Button>
        {onReconnect && (
          <Button
            variant={drive.status === 'auth_required' ? 'default' : 'secondary'}
            startIcon={<Key />}
            loading={isReconnecting}
            disabled={offline}
            onClick={onReconnect}
          >
            {t('driveSettings.reconnect', 'Reconnect')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
};
