import { Typography } from '@strapi/design-system';
import { useMemo } from 'react';
import type { Drive } from '../../../api/types';
import { FRESH } from '../../../api/externalDrivesApi';
import {
  useAddAccountLibrary,
  useLazyAccountLibraries,
  useLazyAccountSites,
  usePersonalConnections,
} from '../../../api/resources/connections';
import { useLazyAccountFolders } from '../../../api/resources/folders';
import type { LibraryChoice, SiteSource } from '../../../components/SiteLibraryPicker';
import { SiteLibraryPickerModal } from '../../../components/SiteLibraryPickerModal';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';
import { useT } from '../../../hooks/useT';

interface LibraryPickerModalProps {
  /** The signed-in Microsoft account to look with; the modal is open while set. */
  accountId: number | null;
  onClose(): void;
  onAdded(drive: Drive): void;
}

/**
 * After a SharePoint sign-in: find a site with the user's own Microsoft account (search, or paste
 * the site's address), pick a document library, name it, and save it as a personal drive.
 */
export const LibraryPickerModal = ({ accountId, onClose, onAdded }: LibraryPickerModalProps) => {
  const t = useT();
  const connections = usePersonalConnections(undefined, { ...FRESH, skip: accountId === null });
  useQueryErrorReport(connections.error);
  const [accountSites] = useLazyAccountSites();
  const [accountLibraries] = useLazyAccountLibraries();
  const [accountFolders] = useLazyAccountFolders();
  const [addAccountLibrary] = useAddAccountLibrary();
  const account = connections.data?.data.find((candidate) => candidate.id === accountId);
  const source = useMemo<SiteSource | null>(
    () =>
      accountId === null
        ? null
        : {
            search: (search) => accountSites({ accountId, query: { search } }).unwrap(),
            byUrl: (url) => accountSites({ accountId, query: { url } }).unwrap(),
            libraries: (siteId) => accountLibraries({ accountId, siteId }).unwrap(),
            folders: (siteId, driveId, parentId) =>
              accountFolders({ accountId, siteId, driveId, parentId }).unwrap(),
          },
    [accountSites, accountLibraries, accountFolders, accountId]
  );

  const save = async (choice: LibraryChoice) => {
    if (accountId === null) return;
    const drive = await addAccountLibrary({
      accountId,
      siteId: choice.site.id,
      driveId: choice.libraryId,
      ...(choice.name.trim() ? { name: choice.name.trim() } : {}),
      ...(choice.folderId ? { folderId: choice.folderId } : {}),
      ...(choice.folderUrl ? { folderUrl: choice.folderUrl } : {}),
    }).unwrap();
    onAdded(drive);
  };

  return (
    <SiteLibraryPickerModal
      open={accountId !== null}
      title={t('libraryPicker.title', 'Connect a SharePoint library')}
      submitLabel={t('common.save', 'Save')}
      source={source}
      intro={
        <Typography textColor="neutral600">
          {account
            ? t(
                'libraryPicker.intro',
                'Find a site that {account} can open, then pick one of its document libraries. Only you see the drive in Strapi.',
                { account: account.displayName ?? account.username ?? '' }
              )
            : t(
                'libraryPicker.introAnonymous',
                'Find a site your Microsoft account can open, then pick one of its document libraries. Only you see the drive in Strapi.'
              )}
        </Typography>
      }
      onClose={onClose}
      onSubmit={save}
    />
  );
};
