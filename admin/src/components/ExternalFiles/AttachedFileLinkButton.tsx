import { IconButton } from '@strapi/design-system';
import { Link } from '@strapi/icons';
import type { ExternalFileReference } from '../../../../shared/external-file';
import { FRESH } from '../../api/externalDrivesApi';
import { useDrives } from '../../api/resources/drives';
import { useCopySharingLink } from '../../api/useCopySharingLink';
import { useT } from '../../hooks/useT';

interface AttachedFileLinkButtonProps {
  reference: ExternalFileReference;
  name: string;
}

/**
 * "Copy link" beside an attached file (issue 22): an editor who wants the Microsoft 365 link in a
 * text rather than the content API's download route copies it here. The entry keeps storing only
 * `{ driveId, itemId }`. Shown only when the file's organisation drive allows links; the server
 * checks that again (and the admin's access to the drive) when the link is asked for.
 */
export const AttachedFileLinkButton = ({ reference, name }: AttachedFileLinkButtonProps) => {
  const t = useT();
  const copySharingLink = useCopySharingLink();
  const drives = useDrives(undefined, FRESH).data ?? [];
  // The stored reference names Microsoft's drive; the link route takes the plugin's drive.
  const drive = drives.find(
    (candidate) =>
      candidate.scope === 'platform' &&
      candidate.remoteDriveId === reference.driveId &&
      candidate.sharingLinkScope !== null
  );
  if (!drive) return null;
  return (
    <IconButton
      label={t('items.copyLink', 'Copy link to {name}', { name })}
      variant="ghost"
      onClick={() => void copySharingLink({ driveId: drive.id, itemId: reference.itemId, name })}
    >
      <Link />
    </IconButton>
  );
};
