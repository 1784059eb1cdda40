import { Flex, Status, Typography } from '@strapi/design-system';
import { Clock, Lightning } from '@strapi/icons';
import { useT } from '../hooks/useT';
import { syncModeExplanation, syncModeLabel, type SyncModeOf } from './syncModeText';

/**
 * How a drive is kept in step with Microsoft 365, as a status pill: live updates (change
 * notifications, with the hourly safety sync) while its Graph subscription is live, the scheduled
 * sync's interval otherwise (`syncModeText.ts`). None for a drive whose folder was deleted: it is
 * no longer synced, and its status says why.
 */
export const SyncModeBadge = ({ drive }: { drive: SyncModeOf }) => {
  const t = useT();
  if (drive.status === 'folder_deleted') return null;
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
          {syncModeLabel(t, drive)}
        </Typography>
      </Flex>
    </Status>
  );
};

/** The longer word on the mode, for the drive's settings: what a user can expect of it. */
export const useSyncModeExplanation = () => {
  const t = useT();
  return (drive: SyncModeOf) => syncModeExplanation(t, drive);
};
