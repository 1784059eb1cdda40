import { Box, Button, Field, Flex, Radio, TextInput, Typography } from '@strapi/design-system';
import { ArrowLeft, Folder } from '@strapi/icons';
import { useEffect, useState } from 'react';
import type { FolderListing } from '../../../shared/contracts/folders';
import { useReportError } from '../hooks/useReportError';
import { useT } from '../hooks/useT';

/** What the drive follows: the whole library, a folder browsed to, or a folder's pasted URL. */
export type FolderSelection =
  | { kind: 'library' }
  | { kind: 'browse'; folderId: string; path: string }
  | { kind: 'url'; folderUrl: string };

interface LibraryFolderChoiceProps {
  libraryName: string;
  /** One level of the library's folders (`parentId` absent: the library's root). */
  folders(parentId?: string): Promise<FolderListing>;
  onChange(selection: FolderSelection): void;
}

const pathLabel = (libraryName: string, path: string) =>
  [libraryName, path.split('/').filter(Boolean).join(' / ')].filter(Boolean).join(' › ');

/**
 * Under the library choice: the whole library, or one folder of it, chosen by browsing the
 * library's folders or by pasting the folder's SharePoint URL (resolved by the server on save).
 */
export const LibraryFolderChoice = ({
  libraryName,
  folders,
  onChange,
}: LibraryFolderChoiceProps) => {
  const t = useT();
  const reportError = useReportError();
  const [mode, setMode] = useState<'library' | 'browse' | 'url'>('library');
  const [listing, setListing] = useState<FolderListing | null>(null);
  // The folders above the one shown, to go back up (undefined: the library's root).
  const [trail, setTrail] = useState<Array<string | undefined>>([]);
  const [url, setUrl] = useState('');
  const [isLoading, setIsLoading] = useState(false);

  const open = async (parentId?: string) => {
    setIsLoading(true);
    try {
      setListing(await folders(parentId));
    } catch (error) {
      reportError(error);
    } finally {
      setIsLoading(false);
    }
  };

  useEffect(() => {
    if (mode === 'browse' && !listing) void open();
  }, [mode]);

  useEffect(() => {
    if (mode === 'library') onChange({ kind: 'library' });
    else if (mode === 'url') onChange({ kind: 'url', folderUrl: url.trim() });
    else if (listing && listing.folder.path)
      onChange({ kind: 'browse', folderId: listing.folder.id, path: listing.folder.path });
    else onChange({ kind: 'library' });
  }, [mode, url, listing, onChange]);

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-folder-choice>
      <Radio.Group
        value={mode}
        onValueChange={(value: string) => setMode(value as typeof mode)}
        aria-label={t('folderPicker.scope', 'What the drive shows')}
        style={{ display: 'flex', flexDirection: 'row', gap: '1.6rem' }}
      >
        <Radio.Item value="library">{t('folderPicker.wholeLibrary', 'Whole library')}</Radio.Item>
        <Radio.Item value="browse">{t('folderPicker.browse', 'One folder: browse')}</Radio.Item>
        <Radio.Item value="url">{t('folderPicker.byUrl', 'One folder: paste its URL')}</Radio.Item>
      </Radio.Group>
      {mode === 'browse' && (
        <Box padding={3} hasRadius borderColor="neutral200" background="neutral100">
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <Button
                variant="tertiary"
                size="S"
                startIcon={<ArrowLeft />}
                disabled={!listing?.folder.path || isLoading}
                onClick={() => {
                  const parent = trail[trail.length - 1];
                  setTrail(trail.slice(0, -1));
                  void open(parent);
                }}
              >
                {t('folderPicker.up', 'Up')}
              </Button>
              <Typography fontWeight="bold" data-folder-current>
                {listing ? pathLabel(libraryName, listing.folder.path) : libraryName}
              </Typography>
            </Flex>
            {listing && listing.folders.length === 0 && (
              <Typography textColor="neutral600">
                {t('folderPicker.noSubfolder', 'No folder inside')}
              </Typography>
            )}
            <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
              {listing?.folders.map((folder) => (
                <li key={folder.id}>
                  <Button
                    variant="ghost"
                    fullWidth
                    startIcon={<Folder />}
                    disabled={isLoading}
                    style={{ justifyContent: 'flex-start' }}
                    onClick={() => {
                      setTrail([...trail, listing.folder.path ? listing.folder.id : undefined]);
                      void open(folder.id);
                    }}
                  >
                    {folder.name}
                  </Button>
                </li>
              ))}
            </Flex>
            <Typography textColor="neutral600" data-folder-chosen>
              {listing?.folder.path
                ? t('folderPicker.chosen', 'The drive will show {folder}', {
                    folder: pathLabel(libraryName, listing.folder.path),
                  })
                : t('folderPicker.openOne', 'Open the folder the drive should show.')}
            </Typography>
          </Flex>
        </Box>
      )}
      {mode === 'url' && (
        <Field.Root
          name="folderUrl"
          hint={t(
            'folderPicker.urlHint',
            'The folder’s address as SharePoint shows it, e.g. https://contoso.sharepoint.com/sites/HR/Shared Documents/Policies'
          )}
        >
          <Field.Label>{t('folderPicker.url', 'Folder URL')}</Field.Label>
          <TextInput
            value={url}
            placeholder="https://contoso.sharepoint.com/sites/HR/Shared Documents/Policies"
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setUrl(event.target.value)}
          />
          <Field.Hint />
        </Field.Root>
      )}
    </Flex>
  );
};
