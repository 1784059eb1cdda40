import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ProgressLine } from '../../../components/ProgressLine';
import { useT } from '../../../hooks/useT';
import { formatBytes } from '../../../utils/formatBytes';
import { UploadEntryRow } from './UploadEntryRow';
import { isNameRefused, type UploadEntry, type UploadGroup, type useUploads } from './useUploads';

type Uploads = ReturnType<typeof useUploads>;

interface FolderUploadGroupProps {
  group: UploadGroup;
  entries: UploadEntry[];
  uploads: Uploads;
  onRename(entry: UploadEntry): void;
}

/**
 * One folder upload in the queue: how far the whole folder is (files and bytes), the failed files
 * retried together, and each file's own row (its progress, its failure, its conflict choice).
 */
export const FolderUploadGroup = ({
  group,
  entries,
  uploads,
  onRename,
}: FolderUploadGroupProps) => {
  const t = useT();
  const total = entries.reduce((sum, entry) => sum + entry.file.size, 0);
  // A failed file's bytes are not counted: how much of it the server holds is known on retry.
  const sentOf = (entry: UploadEntry) =>
    entry.state === 'done'
      ? entry.file.size
      : entry.state === 'uploading'
        ? Math.min(entry.sentBytes, entry.file.size)
        : 0;
  const sent = entries.reduce((sum, entry) => sum + sentOf(entry), 0);
  const done = entries.filter((entry) => entry.state === 'done').length;
  const failed = entries.filter((entry) => entry.state === 'failed');
  const retryable = failed.filter((entry) => !isNameRefused(entry));
  const waiting = entries.filter((entry) => entry.state === 'conflict').length;
  const percent =
    total === 0 ? (done === entries.length ? 100 : 0) : Math.floor((sent / total) * 100);

  return (
    <li data-folder-upload={group.label}>
      <Box background="neutral100" hasRadius padding={3}>
        <Flex gap={4} justifyContent="space-between" marginBottom={2}>
          <Box>
            <Typography fontWeight="bold">
              {t('folderUpload.title', 'Folder {name}', { name: group.label })}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p" data-folder-progress>
              {t('folderUpload.summary', '{done} of {count} files uploaded · {sent} / {total}', {
                done,
                count: entries.length,
                sent: formatBytes(sent),
                total: formatBytes(total),
              })}
              {failed.length > 0 &&
                ` · ${t('folderUpload.failedCount', '{count, plural, one {# file failed} other {# files failed}}', { count: failed.length })}`}
              {waiting > 0 &&
                ` · ${t('folderUpload.conflictCount', '{count, plural, one {# file waits for your choice} other {# files wait for your choice}}', { count: waiting })}`}
            </Typography>
          </Box>
          {retryable.length > 0 && (
            <Button
              size="S"
              variant="secondary"
              onClick={() => void uploads.retryFailed(retryable)}
            >
              {t('folderUpload.retryFailed', 'Retry failed files')}
            </Button>
          )}
        </Flex>
        <ProgressLine
          value={percent}
          label={t('folderUpload.progress', 'Progress of the folder {name}', { name: group.label })}
        />
        <Flex
          direction="column"
          alignItems="stretch"
          gap={3}
          tag="ul"
          paddingTop={3}
          paddingLeft={4}
        >
          {entries.map((entry) => (
            <UploadEntryRow key={entry.key} entry={entry} uploads={uploads} onRename={onRename} />
          ))}
        </Flex>
      </Box>
    </li>
  );
};

/** While a folder's names are checked and its folders created, before its files are queued. */
export const FolderUploadPreparing = ({ label }: { label: string | null }) => {
  const t = useT();
  if (!label) return null;
  return (
    <Box paddingBottom={3} role="status">
      <Typography textColor="neutral600">
        {t('folderUpload.preparing', 'Checking the names of {name} and creating its folders…', {
          name: label,
        })}
      </Typography>
    </Box>
  );
};
