import { Button, Flex, IconButton } from '@strapi/design-system';
import { Cog, ExternalLink, Folder, Plus, Upload } from '@strapi/icons';
import { useRef } from 'react';
import type { Drive } from '../../../api/types';
import { useT } from '../../../hooks/useT';

interface DriveHeaderActionsProps {
  drive: Drive;
  canWrite: boolean;
  /** The integration is unavailable: the buttons stay, disabled, so the page does not change shape. */
  offline: boolean;
  /** The open folder's remote id: until it is known, nothing can be added to it. */
  folderId: string | undefined;
  onNewFolder(): void;
  onFiles(files: FileList | null): void;
  /** A folder picked whole: its files, each naming its path (`webkitRelativePath`). */
  onFolder(files: FileList | null): void;
  onSettings(): void;
}

/** The drive view's header buttons: new folder, upload, open in Microsoft 365, the gear. */
export const DriveHeaderActions = ({
  drive,
  canWrite,
  offline,
  folderId,
  onNewFolder,
  onFiles,
  onFolder,
  onSettings,
}: DriveHeaderActionsProps) => {
  const t = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  return (
    <Flex gap={2}>
      {canWrite && (
        <>
          <Button
            variant="secondary"
            startIcon={<Plus />}
            disabled={!folderId || offline}
            onClick={onNewFolder}
          >
            {t('drive.newFolder', 'New folder')}
          </Button>
          <Button
            startIcon={<Upload />}
            disabled={!folderId || offline}
            onClick={() => fileInput.current?.click()}
          >
            {t('drive.upload', 'Upload files')}
          </Button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            data-testid="upload-input"
            onChange={(event) => {
              onFiles(event.target.files);
              event.target.value = '';
            }}
          />
          <Button
            variant="secondary"
            startIcon={<Folder />}
            disabled={!folderId || offline}
            onClick={() => folderInput.current?.click()}
          >
            {t('drive.uploadFolder', 'Upload folder')}
          </Button>
          <input
            ref={folderInput}
            type="file"
            hidden
            data-testid="upload-folder-input"
            // Not in React's types: the browser's folder picker (every browser the panel supports).
            {...{ webkitdirectory: '' }}
            onChange={(event) => {
              onFolder(event.target.files);
              event.target.value = '';
            }}
          />
        </>
      )}
      {drive.webUrl && (
        <IconButton
          tag="a"
          href={drive.webUrl}
          target="_blank"
          rel="noreferrer noopener"
          label={
            drive.kind === 'onedrive'
              ? t('drive.openInOneDrive', 'Open in OneDrive')
              : t('drive.openInSharePoint', 'Open in SharePoint')
          }
        >
          <ExternalLink />
        </IconButton>
      )}
      <IconButton label={t('drive.settings', 'Drive settings')} onClick={onSettings}>
        <Cog />
      </IconButton>
    </Flex>
  );
};
