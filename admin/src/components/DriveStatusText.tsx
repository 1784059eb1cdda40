import { Button, Flex, Loader, Typography } from '@strapi/design-system';
import { CheckCircle, Key, WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { ERROR_DESCRIPTIONS } from '../../../shared/errors';
import { translateError } from '../api/describeError';
import type { Drive } from '../api/types';
import { useT } from '../hooks/useT';

interface DriveStatusTextProps {
  drive: Drive;
  /** Offered next to "Authentication failed" when the user can sign in again for this drive. */
  onReconnect?: () => void;
  isReconnecting?: boolean;
  /** Shown but disabled while the integration is unavailable: there is nothing to sign in to. */
  reconnectDisabled?: boolean;
}

/**
 * One line saying how a drive is: "Up to date", "Syncing… 12,400 items (40%)", "Authentication
 * failed" with Reconnect, "Unable to connect" (or the recorded message), "Waiting for the first sync".
 */
export const DriveStatusText = ({
  drive,
  onReconnect,
  isReconnecting,
  reconnectDisabled,
}: DriveStatusTextProps) => {
  const { formatNumber } = useIntl();
  const t = useT();

  if (drive.status === 'syncing' || drive.progress) {
    const items = formatNumber(drive.progress?.items ?? 0);
    const percent = drive.progress?.percent;
    return (
      <Flex gap={2} data-status="syncing">
        <Loader small>{t('status.syncing', 'Syncing…')}</Loader>
        <Typography textColor="neutral800">
          {percent !== null && percent !== undefined
            ? t('status.syncingPercent', 'Syncing… {items} items ({percent}%)', {
                items,
                percent: String(Math.round(percent)),
              })
            : t('status.syncingItems', 'Syncing… {items} items', { items })}
        </Typography>
      </Flex>
    );
  }
  if (drive.status === 'auth_required') {
    return (
      <Flex gap={2} data-status="auth_required">
        <WarningCircle fill="danger600" aria-hidden />
        <Typography textColor="danger600">
          {t('status.authenticationFailed', 'Authentication failed')}
        </Typography>
        {onReconnect && (
          <Button
            size="S"
            variant="secondary"
            startIcon={<Key />}
            loading={isReconnecting}
            disabled={reconnectDisabled}
            onClick={(event: React.MouseEvent) => {
              // The status often sits in a clickable row: reconnecting must not open the drive.
              event.stopPropagation();
              onReconnect();
            }}
          >
            {t('driveSettings.reconnect', 'Reconnect')}
          </Button>
        )}
      </Flex>
    );
  }
  if (drive.status === 'folder_deleted') {
    // The drive's one folder is gone: said as such, with what to do (its files stay listed).
    const { message, nextStep } = translateError(
      { code: 'folderDeleted', ...ERROR_DESCRIPTIONS.folderDeleted },
      t
    );
    return (
      <Flex gap={2} data-status="folder_deleted" title={nextStep}>
        <WarningCircle fill="danger600" aria-hidden />
        <Typography textColor="danger600">{message}</Typography>
      </Flex>
    );
  }
  if (drive.status === 'error') {
    return (
      <Flex gap={2} data-status="error">
        <WarningCircle fill="danger600" aria-hidden />
        <Typography textColor="danger600">
          {(drive.lastError && translateError(drive.lastError, t).message) ??
            t('status.unableToConnect', 'Unable to connect')}
        </Typography>
      </Flex>
    );
  }
  if (drive.status === 'ok') {
    return (
      <Flex gap={2} data-status="ok">
        <CheckCircle fill="success600" aria-hidden />
        <Typography textColor="neutral800">{t('status.upToDate', 'Up to date')}</Typography>
      </Flex>
    );
  }
  return (
    <Typography textColor="neutral600" data-status="pending">
      {t('status.pending', 'Waiting for the first sync')}
    </Typography>
  );
};
