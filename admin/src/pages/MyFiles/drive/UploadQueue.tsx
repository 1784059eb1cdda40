import { Box, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { ProgressLine } from '../../../components/ProgressLine';
import { useT } from '../../../hooks/useT';
import { formatBytes } from '../../../utils/formatBytes';
import type { UploadEntry, useUploads } from './useUploads';

type Uploads = ReturnType<typeof useUploads>;

/** The files being uploaded: a progress bar each, the conflict choice, resume after a failure. */
export const UploadQueue = ({ uploads }: { uploads: Uploads }) => {
  const t = useT();
  if (uploads.entries.length === 0) return null;

  const percentOf = (entry: UploadEntry) =>
    entry.file.size === 0 ? 100 : Math.floor((entry.sentBytes / entry.file.size) * 100);

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
        {uploads.entries.map((entry) => (
          <li key={entry.key} data-upload={entry.file.name} data-state={entry.state}>
            <Flex gap={4} justifyContent="space-between">
              <Box minWidth="12rem" maxWidth="24rem">
                <Typography fontWeight="semiBold" ellipsis>
                  {entry.file.name}
                </Typography>
                <Typography variant="pi" textColor="neutral600" tag="p">
                  {formatBytes(entry.sentBytes)} / {formatBytes(entry.file.size)}
                </Typography>
              </Box>
              <Box flex="1">
                {entry.state === 'conflict' ? (
                  <Flex gap={2} wrap="wrap">
                    <Typography textColor="warning700">
                      {t('upload.conflict', 'A file with this name already exists.')}
                    </Typography>
                    <Button
                      size="S"
                      variant="secondary"
                      onClick={() => uploads.resolveConflict(entry, 'replace')}
                    >
                      {t('upload.replace', 'Replace')}
                    </Button>
                    <Button
                      size="S"
                      variant="secondary"
                      onClick={() => uploads.resolveConflict(entry, 'rename')}
                    >
                      {t('upload.keepBoth', 'Keep both')}
                    </Button>
                    <Button
                      size="S"
                      variant="tertiary"
                      onClick={() => uploads.resolveConflict(entry, 'skip')}
                    >
                      {t('upload.skip', 'Skip')}
                    </Button>
                  </Flex>
                ) : entry.state === 'failed' ? (
                  <Flex gap={2}>
                    <Typography textColor="danger600">{entry.errorMessage}</Typography>
                    <Button size="S" variant="secondary" onClick={() => void uploads.resume(entry)}>
                      {t('upload.resume', 'Resume')}
                    </Button>
                  </Flex>
                ) : entry.state === 'cancelled' ? (
                  <Typography textColor="neutral600">
                    {t('upload.cancelled', 'Cancelled')}
                  </Typography>
                ) : (
                  <Flex gap={3}>
                    <Box flex="1">
                      <ProgressLine
                        value={percentOf(entry)}
                        label={t('upload.progress', 'Progress of {name}', {
                          name: entry.file.name,
                        })}
                      />
                    </Box>
                    <Typography variant="pi" textColor="neutral600" data-percent={percentOf(entry)}>
                      {entry.state === 'done'
                        ? t('upload.done', 'Uploaded')
                        : `${percentOf(entry)}%`}
                    </Typography>
                  </Flex>
                )}
              </Box>
              {entry.state === 'uploading' && (
                <IconButton
                  label={t('upload.cancel', 'Cancel upload of {name}', { name: entry.file.name })}
                  variant="ghost"
                  onClick={() => uploads.cancel(entry)}
                >
                  <Cross />
                </IconButton>
              )}
            </Flex>
          </li>
        ))}
      </Flex>
    </Box>
  );
};
