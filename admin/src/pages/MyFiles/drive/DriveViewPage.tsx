import { Box, Flex, Typography } from '@strapi/design-system';
import {
  BackButton,
  Layouts,
  Page,
  Pagination,
  SearchInput,
  useNotification,
  useRBAC,
} from '@strapi/strapi/admin';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { DriveScopeText } from '../../../components/DriveScopeText';
import { DriveStatusText } from '../../../components/DriveStatusText';
import { IntegrationUnavailableBanner } from '../../../components/IntegrationUnavailableBanner';
import { SyncModeBadge } from '../../../components/SyncModeBadge';
import { useDriveAbilities } from '../../../hooks/useDriveAbilities';
import { useIntegrationState } from '../../../hooks/useIntegrationState';
import { useT } from '../../../hooks/useT';
import { useMicrosoftSignIn } from '../sign-in/useMicrosoftSignIn';
import { DriveBreadcrumbs } from './DriveBreadcrumbs';
import { DriveDialogs, type ItemDialog } from './DriveDialogs';
import { DriveHeaderActions } from './DriveHeaderActions';
import { DriveSettingsModal } from './DriveSettingsModal';
import { DropZone } from './DropZone';
import { emptyListingText } from './emptyListingText';
import { FolderUploadPreparing } from './FolderUploadGroup';
import { RefusedNamesDialog } from './RefusedNamesDialog';
import { useFolderUpload } from './useFolderUpload';
import { isSearchResult, ItemsTable, type ItemAction, type ListedItem } from './ItemsTable';
import { SearchScopeChoice } from './SearchScopeChoice';
import { UploadQueue } from './UploadQueue';
import { DEFAULT_PAGE_SIZE, useDriveListing } from './useDriveListing';
import { useFolderPath } from './useFolderPath';
import { useItemOperations } from './useItemOperations';
import { VersionsModal } from './VersionsModal';
import { useSyncWatch } from './useSyncWatch';
import { useUploads } from './useUploads';

const MEDIA_LIBRARY_UPLOAD = [{ action: 'plugin::upload.assets.create', subject: null }];

/** The folder a search result is in, to open it; the root is the drive view without a folder. */
const folderOf = (item: ListedItem) =>
  isSearchResult(item) && item.folderPath ? (item.parentRemoteId ?? undefined) : undefined;

/** One drive: breadcrumbs, the folder's content from Strapi's DB, and every file operation. */
export const DriveViewPage = () => {
  const t = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const reconnect = useMicrosoftSignIn();
  const driveId = Number(useParams().driveId);
  const { drive, pollingInterval, syncRequested } = useSyncWatch(driveId);
  const listing = useDriveListing(driveId, pollingInterval);
  const folderPath = useFolderPath(driveId, listing.folder);
  const abilities = useDriveAbilities(drive.data);
  const offline = useIntegrationState().unavailable;
  // Files dropped while the integration is unavailable would only fail one by one.
  const canDrop = abilities.canWrite && !offline;
  const { allowedActions: mediaLibrary } = useRBAC(MEDIA_LIBRARY_UPLOAD);
  const operations = useItemOperations(driveId);
  const uploads = useUploads(driveId, () => void listing.refetch());
  const folderUpload = useFolderUpload(driveId, drive.data?.name ?? '', uploads);
  const [dialog, setDialog] = useState<ItemDialog | null>(null);
  const [versionsOf, setVersionsOf] = useState<ListedItem | null>(null);
  const [isGearOpen, setIsGearOpen] = useState(false);

  const act = (action: ItemAction, item: ListedItem) => {
    if (action === 'open') listing.openFolder(item.remoteId);
    if (action === 'openLocation') listing.openFolder(folderOf(item));
    if (action === 'rename' || action === 'move' || action === 'delete' || action === 'usage')
      setDialog({ kind: action, item });
    if (action === 'versions') setVersionsOf(item);
    if (action === 'download') void operations.download(item);
    if (action === 'downloadZip') void operations.downloadZip(item);
    if (action === 'copyToMediaLibrary') void operations.copyToMediaLibrary(item);
    if (action === 'copyLink') void operations.copyLink(item);
  };

  const addFiles = (files: FileList | null) => {
    if (!files || files.length === 0 || !listing.currentFolderId) return;
    uploads.add(Array.from(files), { parentId: listing.currentFolderId, folderPath });
  };

  const destination = () =>
    listing.currentFolderId ? { parentId: listing.currentFolderId, folderPath } : null;

  const searchLabel =
    listing.scope === 'drive'
      ? t('drive.searchDrive', 'Search this drive')
      : t('drive.filter', 'Filter by name');

  if (drive.isLoading && !drive.data) return <Page.Loading />;
  if (!drive.data) return <Page.Error />;
  const current = drive.data;
  // Signing in again only helps a personal drive: a platform drive uses the app's credentials.
  const signInAgain =
    current.scope === 'personal'
      ? () => void reconnect.start({ kind: current.kind, reconnectDriveId: current.id })
      : undefined;

  return (
    <Page.Main>
      <Page.Title>{current.name}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback=".." />}
        title={current.name}
        subtitle={
          <Flex gap={3} wrap="wrap">
            <DriveStatusText
              drive={current}
              onReconnect={signInAgain}
              isReconnecting={reconnect.starting !== null}
              reconnectDisabled={offline}
            />
            <SyncModeBadge drive={current} />
            <DriveScopeText drive={current} />
          </Flex>
        }
        primaryAction={
          <DriveHeaderActions
            drive={current}
            canWrite={abilities.canWrite}
            offline={offline}
            folderId={listing.currentFolderId}
            onNewFolder={() => setDialog({ kind: 'newFolder' })}
            onFiles={addFiles}
            onFolder={(files) => folderUpload.pick(files, destination())}
            onSettings={() => setIsGearOpen(true)}
          />
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={4} wrap="wrap">
            {/* Remounted when the URL's text changes (opening a folder clears it): it shows it. */}
            <SearchInput key={listing.filter ?? ''} label={searchLabel} placeholder={searchLabel} />
            <SearchScopeChoice value={listing.scope} onChange={listing.setScope} />
          </Flex>
        }
      />
      <Layouts.Content>
        {offline && <IntegrationUnavailableBanner />}
        <DropZone
          enabled={canDrop}
          onDrop={(data) => folderUpload.drop(data, destination(), addFiles)}
        >
          <DriveBreadcrumbs
            driveId={driveId}
            driveName={current.name}
            folder={listing.folder}
            onOpen={listing.openFolder}
          />
          <FolderUploadPreparing label={folderUpload.preparing} />
          <UploadQueue uploads={uploads} driveName={current.name} />
          <ItemsTable
            driveId={driveId}
            items={listing.results}
            showLocation={listing.searchesDrive}
            driveName={current.name}
            keptColumns={current.libraryColumns?.kept ?? []}
            isLoading={listing.isLoading}
            canWrite={abilities.canWrite}
            canDownload={abilities.canDownload}
            canCopyLink={current.sharingLinkScope !== null}
            offline={offline}
            canCopyToMediaLibrary={
              // Personal files never reach content: the server refuses the copy too.
              current.scope === 'platform' &&
              abilities.canDownload &&
              Boolean(mediaLibrary.canCreate)
            }
            usage={listing.usage}
            emptyText={emptyListingText(t, listing, canDrop)}
            onAction={act}
          />
          {listing.total > 0 && (
            <Box paddingTop={4}>
              <Pagination.Root
                pageCount={Math.ceil(listing.total / listing.pageSize)}
                total={listing.total}
                defaultPageSize={DEFAULT_PAGE_SIZE}
              >
                <Pagination.PageSize options={['20', '50', '100', '200']} />
                <Pagination.Links />
              </Pagination.Root>
            </Box>
          )}
          {canDrop && (
            <Box paddingTop={2}>
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'drive.dropHintFolders',
                  'Drag and drop files or folders onto the list to upload them here.'
                )}
              </Typography>
            </Box>
          )}
        </DropZone>
      </Layouts.Content>

      <DriveDialogs
        driveId={driveId}
        driveName={current.name}
        folderId={listing.currentFolderId}
        folderPath={folderPath}
        dialog={dialog}
        usage={listing.usage}
        onClose={() => setDialog(null)}
      />
      <VersionsModal
        driveId={driveId}
        item={versionsOf}
        canWrite={abilities.canWrite}
        canDownload={abilities.canDownload}
        offline={offline}
        onClose={() => setVersionsOf(null)}
      />
      <RefusedNamesDialog refused={folderUpload.refused} onClose={folderUpload.closeRefused} />
      <DriveSettingsModal
        drive={current}
        open={isGearOpen}
        canDisconnect={abilities.canManage || current.scope === 'personal'}
        onClose={() => setIsGearOpen(false)}
        onSyncRequested={syncRequested}
        onReconnect={signInAgain}
        isReconnecting={reconnect.starting !== null}
        offline={offline}
        onDisconnected={() => {
          toggleNotification({
            type: 'success',
            message: t('driveSettings.disconnected', '{name} was disconnected', {
              name: current.name,
            }),
          });
          navigate('..');
        }}
      />
    </Page.Main>
  );
};
