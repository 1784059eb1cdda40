import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useState } from 'react';
import { useT } from '../../../hooks/useT';
import { NameDialog } from './NameDialog';
import { FolderUploadGroup } from './FolderUploadGroup';
import { UploadEntryRow } from './UploadEntryRow';
import type { UploadEntry, useUploads } from './useUploads';

type Uploads = ReturnType<typeof useUploads>;

interface UploadQueueProps {
  uploads: Uploads;
  /** For the name rules of a refused upload's new name. */
  driveName: string;
}

/** The files being uploaded, and the new name of one whose name the server refused. */
export const UploadQueue = ({ uploads, driveName }: UploadQueueProps) => {
  const t = useT();
  const [renaming, setRenaming] = useState<UploadEntry | null>(null);
  if (uploads.entries.length === 0) return null;

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      marginBottom={4}
      aria-label={t('upload.queue', 'Uploads')}
      tag="section"
    >
      <Flex justifyContent="space-between" marginBottom={3}>
        <Typography variant="delta" tag="h2">
          {t('upload.queue', 'Uploads')}
        </Typography>
        {uploads.entries.some((entry) => entry.state !== 'uploading') && (
          <Button variant="tertiary" size="S" onClick={uploads.clearFinished}>
            {t('upload.clear', 'Clear finished')}
          </Button>
        )}
      </Flex>
      <Flex direction="column" alignItems="stretch" gap={3} tag="ul">
        {uploads.entries.map((entry, index, all) => {
          if (!entry.group)
            return (
              <UploadEntryRow
                key={entry.key}
                entry={entry}
                uploads={uploads}
                onRename={setRenaming}
              />
            );
          // A folder upload is shown once, where its first file is, with all its files.
          const { key } = entry.group;
          if (all.findIndex((other) => other.group?.key === key) !== index) return null;
          return (
            <FolderUploadGroup
              key={key}
              group={entry.group}
              entries={all.filter((other) => other.group?.key === key)}
              uploads={uploads}
              onRename={setRenaming}
            />
          );
        })}
      </Flex>
      <NameDialog
        open={renaming !== null}
        title={t('upload.renameTitle', 'Upload {name} under another name', {
          name: renaming?.name ?? '',
        })}
        submitLabel={t('upload.renameSubmit', 'Upload')}
        initialName={renaming?.name ?? ''}
        target={{ driveName, folderPath: renaming?.folderPath ?? '', isFolder: false }}
        onClose={() => setRenaming(null)}
        onSubmit={async (name) => {
          if (renaming) uploads.rename(renaming, name);
        }}
      />
    </Box>
  );
};
