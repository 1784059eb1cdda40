import { Box, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { ProgressLine } from '../../../components/ProgressLine';
import { useT } from '../../../hooks/useT';
import { formatBytes } from '../../../utils/formatBytes';
import { isNameRefused, type UploadEntry, type useUploads } from './useUploads';

type Uploads = ReturnType<typeof useUploads>;

interface UploadEntryRowProps {
  entry: UploadEntry;
  uploads: Uploads;
  /** Asks the user for another name (the server refused this one). */
  onRename(entry: UploadEntry): void;
}

const percentOf = (entry: UploadEntry) =>
  entry.file.size === 0 ? 100 : Math.floor((entry.sentBytes / entry.file.size) * 100);

/** One file of the upload queue: its name and sizes, then what its state offers. */
export const UploadEntryRow = ({ entry, uploads, onRename }: UploadEntryRowProps) => {
  const t = useT();
  return (
    <li data-upload={entry.name} data-state={entry.state}>
      <Flex gap={4} justifyContent="space-between">
        <Box minWidth="12rem" maxWidth="24rem">
          <Typography fontWeight="semiBold" ellipsis>
            {entry.name}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {formatBytes(entry.sentBytes)} / {formatBytes(entry.file.size)}
          </Typography>
        </Box>
        <Box flex="1">
          <UploadEntryState entry={entry} uploads={uploads} onRename={onRename} />
        </Box>
        {entry.state === 'uploading' && (
          <IconButton
            label={t('upload.cancel', 'Cancel upload of {name}', { name: entry.name })}
            variant="ghost"
            onClick={() => uploads.cancel(entry)}
          >
            <Cross />
          </IconButton>
        )}
      </Flex>
    </li>
  );
};

/** The progress, the conflict choice, or the failure with its way forward. */
const UploadEntryState = ({ entry, uploads, onRename }: UploadEntryRowProps) => {
  const t = useT();
  if (entry.state === 'conflict')
    return (
      <Flex gap={2} wrap="wrap">
        <Typography textColor="warning700">
          {t('upload.conflict', 'A file with this name already exists.')}
        </Typography>
        {(
          [
            ['replace', t('upload.replace', 'Replace'), 'secondary'],
            ['rename', t('upload.keepBoth', 'Keep both'), 'secondary'],
            ['skip', t('upload.skip', 'Skip'), 'tertiary'],
          ] as const
        ).map(([choice, label, variant]) => (
          <Button
            key={choice}
            size="S"
            variant={variant}
            onClick={() => uploads.resolveConflict(entry, choice)}
          >
            {label}
          </Button>
        ))}
      </Flex>
    );
  if (entry.state === 'failed')
    return (
      <Flex gap={2}>
        <Typography textColor="danger600">{entry.errorMessage}</Typography>
        {isNameRefused(entry) ? (
          <Button size="S" variant="secondary" onClick={() => onRename(entry)}>
            {t('upload.rename', 'Rename')}
          </Button>
        ) : (
          <Button size="S" variant="secondary" onClick={() => void uploads.resume(entry)}>
            {t('upload.resume', 'Resume')}
          </Button>
        )}
      </Flex>
    );
  if (entry.state === 'cancelled')
    return <Typography textColor="neutral600">{t('upload.cancelled', 'Cancelled')}</Typography>;
  return (
    <Flex gap={3}>
      <Box flex="1">
        <ProgressLine
          value={percentOf(entry)}
          label={t('upload.progress', 'Progress of {name}', { name: entry.name })}
        />
      </Box>
      <Typography variant="pi" textColor="neutral600" data-percent={percentOf(entry)}>
        {entry.state === 'done' ? t('upload.done', 'Uploaded') : `${percentOf(entry)}%`}
      </Typography>
    </Flex>
  );
};
