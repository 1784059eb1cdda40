import { Flex, Typography } from '@strapi/design-system';
import type { Drive } from '../api/types';
import { useFormatWhen } from '../hooks/useFormatWhen';
import { useT } from '../hooks/useT';

/**
 * When a drive last synced, said the same way in the drive list and the drive's dialog. After a
 * failed run the last attempt and the last success differ, and both are said: one place showing
 * only the attempt and another only the success read as a contradiction.
 */
export const DriveLastSync = ({ drive }: { drive: Drive }) => {
  const t = useT();
  const when = useFormatWhen();
  const { lastSyncAt, lastSuccessfulSyncAt } = drive;
  const lastRunFailed =
    lastSyncAt !== null &&
    (lastSuccessfulSyncAt === null ||
      new Date(lastSyncAt).getTime() > new Date(lastSuccessfulSyncAt).getTime());

  const success = lastSuccessfulSyncAt
    ? t('lastSync.succeeded', 'Last successful sync {when}', { when: when(lastSuccessfulSyncAt) })
    : lastRunFailed
      ? t('lastSync.noSuccess', 'No successful sync yet')
      : t('lastSync.never', 'Never synced');

  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="last-sync">
      {lastRunFailed && (
        <Typography textColor="danger600" data-last-sync="failed">
          {t('lastSync.failed', 'Last sync failed {when}', { when: when(lastSyncAt) })}
        </Typography>
      )}
      <Typography textColor="neutral600" data-last-sync="succeeded">
        {success}
      </Typography>
    </Flex>
  );
};
