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

/** The plugin's drive holding a referenced file, when it is an organisation drive allowing links. */
export const useLinkableDrive = (reference: ExternalFileReference) => {
  const drives = useDrives(undefined, FRESH).data ?? [];
  // The stored reference names Microsoft's drive; the link route takes the plugin's drive.
  return drives.find(
    (candidate) =>
      candidate.scope === 'platform' &&
      candidate.remoteDriveId === reference.driveId &&
      candidate.sharingLinkScope !== null
  );
};

/**
 * "Copy link" beside an attached file (issue 22): an editor who wants the Microsoft 365 link in a
 * text copies it here (to have the content API publish the link, the editor ticks "Sharing link"
 * beside the file: AttachedFileLinkChoice). Shown only when the file's organisation drive allows links; the server
 * checks that again (and the admin's access to the drive) when the link is asked for.
 */
export const AttachedFileLinkButton = ({ reference, name }: AttachedFileLinkButtonProps) => {
  const t = useT();
  const copySharingLink = useCopySharingLink();
  const drive = useLinkableDrive(reference);
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
