import { Box, Typography } from '@strapi/design-system';
import { useMemo, useState } from 'react';
import type { AdminRole, DriveRole } from '../../api/types';
import { useCreatePlatformDrive } from '../../api/resources/drives';
import { useLazyLibraryFolders } from '../../api/resources/folders';
import {
  useLazySiteByUrl,
  useLazySiteLibraries,
  useLazySiteSearch,
  useSiteAccess,
} from '../../api/resources/settings';
import type { LibraryChoice, SiteSource } from '../../components/SiteLibraryPicker';
import { SiteLibraryPickerModal } from '../../components/SiteLibraryPickerModal';
import { useT } from '../../hooks/useT';
import { RolesEditor } from './RolesEditor';

interface AddPlatformDriveModalProps {
  open: boolean;
  roles: AdminRole[];
  onClose(): void;
}

/**
 * Finds a SharePoint site (search or URL) with the app's access, picks a library, grants it to
 * roles. An app granted chosen sites only (Sites.Selected) cannot search: it opens on Site URL.
 */
export const AddPlatformDriveModal = ({ open, roles, onClose }: AddPlatformDriveModalProps) => {
  const t = useT();
  const [searchSites] = useLazySiteSearch();
  const [siteByUrl] = useLazySiteByUrl();
  const [siteLibraries] = useLazySiteLibraries();
  const [libraryFolders] = useLazyLibraryFolders();
  const [createPlatformDrive] = useCreatePlatformDrive();
  const [grants, setGrants] = useState<DriveRole[]>([]);
  // Asked each time the modal opens: the app's permissions decide whether search can work at all.
  const access = useSiteAccess(undefined, { skip: !open, refetchOnMountOrArgChange: true });
  const searchAllowed = access.data?.canSearchSites ?? true;
  const source = useMemo<SiteSource>(
    () => ({
      search: (text) => searchSites(text).unwrap(),
      byUrl: async (url) => [await siteByUrl(url).unwrap()],
      libraries: (siteId) => siteLibraries(siteId).unwrap(),
      folders: (siteId, driveId, parentId) =>
        libraryFolders({ siteId, driveId, parentId }).unwrap(),
      // Sites.Selected: search is refused by Microsoft, the site's URL is the way in.
      urlFirst: !searchAllowed,
    }),
    [searchSites, siteByUrl, siteLibraries, libraryFolders, searchAllowed]
  );

  const close = () => {
    setGrants([]);
    onClose();
  };

  const add = async (choice: LibraryChoice) => {
    await createPlatformDrive({
      siteId: choice.site.id,
      driveId: choice.libraryId,
      name: choice.name.trim() || undefined,
      ...(choice.folderId ? { folderId: choice.folderId } : {}),
      ...(choice.folderUrl ? { folderUrl: choice.folderUrl } : {}),
      roles: grants,
    }).unwrap();
    close();
  };

  return (
    <SiteLibraryPickerModal
      open={open}
      title={t('platform.add.title', 'Add an organisation drive')}
      submitLabel={t('platform.add.submit', 'Add drive')}
      // The picker waits for the app's access, so it opens on the way that works (failing to
      // learn it, search first, as before: a refused search then says why).
      source={access.isFetching || access.isUninitialized ? null : source}
      details={
        <Box>
          <Typography variant="sigma" textColor="neutral600" tag="h3">
            {t('platform.roles', 'Roles')}
          </Typography>
          <Box paddingTop={2}>
            <RolesEditor roles={roles} value={grants} onChange={setGrants} />
          </Box>
        </Box>
      }
      onClose={close}
      onSubmit={add}
    />
  );
};
