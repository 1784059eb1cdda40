import {
  Box,
  Breadcrumbs,
  Button,
  Crumb,
  CrumbLink,
  Dialog,
  Flex,
  IconButton,
  Typography,
} from '@strapi/design-system';
import { Cog, ExternalLink, Plus, Upload } from '@strapi/icons';
import {
  BackButton,
  ConfirmDialog,
  Layouts,
  Page,
  Pagination,
  SearchInput,
  useNotification,
  useQueryParams,
  useRBAC,
} from '@strapi/strapi/admin';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { DriveItem, SortKey } from '../../../api/types';
import { useExternalDrivesApi } from '../../../api/useExternalDrivesApi';
import { useDriveAbilities } from '../../../hooks/useDriveAbilities';
import { useLoad } from '../../../hooks/useLoad';
import { usePolling } from '../../../hooks/usePolling';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';
import { DriveStatusText } from '../../../components/DriveStatusText';
import { SyncModeBadge } from '../../../components/SyncModeBadge';
import { useMicrosoftSignIn } from '../sign-in/useMicrosoftSignIn';
import { DriveSettingsModal } from './DriveSettingsModal';
import { ItemsTable, type ItemAction } from './ItemsTable';
import { MoveDialog } from './MoveDialog';
import { NameDialog } from './NameDialog';
import { UploadQueue } from './UploadQueue';
import { UsageModal } from './UsageModal';
import { useUploads } from './useUploads';

interface DriveQuery {
  folder?: string;
  page?: string;
  pageSize?: string;
  sort?: string;
  _q?: string;
}

/** How long the page keeps looking for the end of a requested sync that never shows. */
const SYNC_WATCH_MS = 5 * 60_000;

const SORT_KEYS: SortKey[] = ['name', 'size', 'modified', 'modifiedBy'];
const MEDIA_LIBRARY_UPLOAD = [{ action: 'plugin::upload.assets.create', subject: null }];
const DEFAULT_PAGE_SIZE = 50;

/** `name:DESC` (Strapi's Table header) -> the children route's `sort` and `order`. */
const parseSort = (sort: string | undefined) => {
  const [key, order] = (sort ?? '').split(':');
  return {
    sort: (SORT_KEYS as string[]).includes(key) ? (key as SortKey) : 'name',
    order: order === 'DESC' ? ('desc' as const) : ('asc' as const),
  };
};

/** One drive: breadcrumbs, the folder's content from Strapi's DB, and every file operation. */
export const DriveViewPage = () => {
  const t = useT();
  const navigate = useNavigate();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const { toggleNotification } = useNotification();
  const reconnect = useMicrosoftSignIn();
  const driveId = Number(useParams().driveId);
  const [{ query }, setQuery] = useQueryParams<DriveQuery>();
  const folder = query.folder || undefined;
  const page = Number(query.page) || 1;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  const { sort, order } = parseSort(query.sort);
  const filter = query._q || undefined;

  const drive = useLoad(() => api.getDrive(driveId), [api, driveId]);
  const abilities = useDriveAbilities(drive.data);
  const isSyncing = drive.data?.status === 'syncing' || Boolean(drive.data?.progress);
  // A new drive waits for its first sync: keep looking until its files arrive.
  const isWaiting = isSyncing || drive.data?.status === 'pending';
  const listing = useLoad(
    () => api.children(driveId, { parentId: folder, page, pageSize, sort, order, filter }),
    [api, driveId, folder, page, pageSize, sort, order, filter]
  );
  const trail = useLoad(
    () => (folder ? api.breadcrumbs(driveId, folder) : Promise.resolve([])),
    [api, driveId, folder]
  );

  // "Used in N entries" for the files on this page.
  const fileIds = useMemo(
    () =>
      (listing.data?.results ?? []).filter((item) => !item.isFolder).map((item) => item.remoteId),
    [listing.data]
  );
  const usage = useLoad(
    async (): Promise<Record<string, number>> =>
      fileIds.length ? api.usageCounts(driveId, fileIds) : {},
    [api, driveId, fileIds.join(',')]
  );
  const { allowedActions: mediaLibrary } = useRBAC(MEDIA_LIBRARY_UPLOAD);

  const reloadDrive = drive.reload;
  const reloadListing = listing.reload;
  // Stable between renders, so the polling timer is not restarted by every answer.
  const refresh = useCallback(async () => {
    await Promise.all([reloadDrive(), reloadListing()]);
  }, [reloadDrive, reloadListing]);
  // Sync Now may wait in the queue before the drive says "syncing": keep looking until a run has
  // ended (the drive's lastSyncAt moves), whatever the drive said in between.
  const [requestedSync, setRequestedSync] = useState<{ before: string | null } | null>(null);
  usePolling(refresh, isWaiting || requestedSync !== null, 2000);
  const lastSyncAt = drive.data?.lastSyncAt;
  const seenLastSyncAt = useRef(lastSyncAt);
  useEffect(() => {
    if (lastSyncAt === seenLastSyncAt.current) return;
    const isFirstAnswer = seenLastSyncAt.current === undefined;
    seenLastSyncAt.current = lastSyncAt;
    // A run ended: the folder may have changed after it was last read.
    if (!isFirstAnswer) void reloadListing();
    setRequestedSync((requested) =>
      requested && requested.before !== (lastSyncAt ?? null) ? null : requested
    );
  }, [lastSyncAt, reloadListing]);
  useEffect(() => {
    if (!requestedSync) return undefined;
    const giveUp = window.setTimeout(() => setRequestedSync(null), SYNC_WATCH_MS);
    return () => window.clearTimeout(giveUp);
  }, [requestedSync]);

  const uploads = useUploads(driveId, () => void listing.reload());
  const fileInput = useRef<HTMLInputElement>(null);
  const [isCreatingFolder, setIsCreatingFolder] = useState(false);
  const [renaming, setRenaming] = useState<DriveItem | null>(null);
  const [moving, setMoving] = useState<DriveItem | null>(null);
  const [deleting, setDeleting] = useState<DriveItem | null>(null);
  const [showingUsage, setShowingUsage] = useState<DriveItem | null>(null);
  const [isGearOpen, setIsGearOpen] = useState(false);
  const [isDragging, setIsDragging] = useState(false);

  const results = listing.data?.results ?? [];
  const total = listing.data?.pagination.total ?? 0;
  // The root's remote id is known through its children (and the trail once inside a folder).
  const currentFolderId = folder ?? results[0]?.parentRemoteId ?? undefined;

  const openFolder = (remoteId?: string) =>
    setQuery({ folder: remoteId, page: '1', _q: undefined } as DriveQuery);

  const act = (action: ItemAction, item: DriveItem) => {
    if (action === 'open') openFolder(item.remoteId);
    if (action === 'rename') setRenaming(item);
    if (action === 'move') setMoving(item);
    if (action === 'delete') setDeleting(item);
    if (action === 'download') void download(item);
    if (action === 'usage') setShowingUsage(item);
    if (action === 'copyToMediaLibrary') void copyToMediaLibrary(item);
  };

  const copyToMediaLibrary = async (item: DriveItem) => {
    try {
      await api.copyToMediaLibrary(driveId, item.remoteId);
      toggleNotification({
        type: 'success',
        message: t('items.copiedToMediaLibrary', '{name} was copied to the Media Library', {
          name: item.name,
        }),
      });
    } catch (error) {
      reportError(error);
    }
  };

  const download = async (item: DriveItem) => {
    try {
      const blob = await api.downloadItem(driveId, item.remoteId);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = item.name;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      reportError(error);
    }
  };

  /** Reports a failure and rethrows it so a dialog stays open for a correction. */
  const attempt = async (operation: () => Promise<unknown>) => {
    try {
      await operation();
      await listing.reload();
    } catch (error) {
      reportError(error);
      throw error;
    }
  };

  const addFiles = (files: FileList | null) => {
    if (!files || files.length === 0 || !currentFolderId) return;
    uploads.add(Array.from(files), currentFolderId);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setIsDragging(false);
    if (abilities.canWrite) addFiles(event.dataTransfer.files);
  };

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
            />
            <SyncModeBadge drive={current} />
          </Flex>
        }
        primaryAction={
          <Flex gap={2}>
            {abilities.canWrite && (
              <>
                <Button
                  variant="secondary"
                  startIcon={<Plus />}
                  disabled={!currentFolderId}
                  onClick={() => setIsCreatingFolder(true)}
                >
                  {t('drive.newFolder', 'New folder')}
                </Button>
                <Button
                  startIcon={<Upload />}
                  disabled={!currentFolderId}
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
                    addFiles(event.target.files);
                    event.target.value = '';
                  }}
                />
              </>
            )}
            {current.webUrl && (
              <IconButton
                tag="a"
                href={current.webUrl}
                target="_blank"
                rel="noreferrer noopener"
                label={
                  current.kind === 'onedrive'
                    ? t('drive.openInOneDrive', 'Open in OneDrive')
                    : t('drive.openInSharePoint', 'Open in SharePoint')
                }
              >
                <ExternalLink />
              </IconButton>
            )}
            <IconButton
              label={t('drive.settings', 'Drive settings')}
              onClick={() => setIsGearOpen(true)}
            >
              <Cog />
            </IconButton>
          </Flex>
        }
      />
      <Layouts.Action
        startActions={
          <SearchInput
            label={t('drive.filter', 'Filter by name')}
            placeholder={t('drive.filter', 'Filter by name')}
          />
        }
      />
      <Layouts.Content>
        <Box
          onDragOver={(event: DragEvent) => {
            if (!abilities.canWrite) return;
            event.preventDefault();
            setIsDragging(true);
          }}
          onDragLeave={() => setIsDragging(false)}
          onDrop={onDrop}
          borderStyle={isDragging ? 'dashed' : undefined}
          borderWidth={isDragging ? '2px' : undefined}
          borderColor={isDragging ? 'primary600' : undefined}
          hasRadius
        >
          <Box paddingBottom={4}>
            <Breadcrumbs label={t('drive.breadcrumbs', 'Folder path')}>
              {folder ? (
                <CrumbLink
                  href="?folder="
                  onClick={(event: React.MouseEvent) => {
                    event.preventDefault();
                    openFolder(undefined);
                  }}
                >
                  {current.name}
                </CrumbLink>
              ) : (
                <Crumb isCurrent>{current.name}</Crumb>
              )}
              {(trail.data ?? [])
                .filter((crumb) => crumb.name !== null)
                .map((crumb) =>
                  crumb.remoteId === folder ? (
                    <Crumb key={crumb.remoteId} isCurrent>
                      {crumb.name}
                    </Crumb>
                  ) : (
                    <CrumbLink
                      key={crumb.remoteId}
                      href={`?folder=${encodeURIComponent(crumb.remoteId)}`}
                      onClick={(event: React.MouseEvent) => {
                        event.preventDefault();
                        openFolder(crumb.remoteId);
                      }}
                    >
                      {crumb.name}
                    </CrumbLink>
                  )
                )}
            </Breadcrumbs>
          </Box>
          <UploadQueue uploads={uploads} />
          <ItemsTable
            items={results}
            isLoading={listing.isLoading && !listing.data}
            canWrite={abilities.canWrite}
            canDownload={abilities.canDownload}
            canCopyToMediaLibrary={
              // Personal files never reach content: the server refuses the copy too.
              current.scope === 'platform' &&
              abilities.canDownload &&
              Boolean(mediaLibrary.canCreate)
            }
            usage={usage.data ?? {}}
            emptyText={
              filter
                ? t('drive.noMatch', 'No file or folder matches this filter')
                : abilities.canWrite
                  ? t(
                      'drive.emptyWritable',
                      'This folder is empty. Drop files here to upload them.'
                    )
                  : t('drive.empty', 'This folder is empty.')
            }
            onAction={act}
          />
          {total > 0 && (
            <Box paddingTop={4}>
              <Pagination.Root
                pageCount={Math.ceil(total / pageSize)}
                total={total}
                defaultPageSize={DEFAULT_PAGE_SIZE}
              >
                <Pagination.PageSize options={['20', '50', '100', '200']} />
                <Pagination.Links />
              </Pagination.Root>
            </Box>
          )}
          {abilities.canWrite && (
            <Box paddingTop={2}>
              <Typography variant="pi" textColor="neutral600">
                {t('drive.dropHint', 'Drag and drop files onto the list to upload them here.')}
              </Typography>
            </Box>
          )}
        </Box>
      </Layouts.Content>

      <NameDialog
        open={isCreatingFolder}
        title={t('drive.newFolder', 'New folder')}
        submitLabel={t('common.create', 'Create')}
        initialName=""
        onClose={() => setIsCreatingFolder(false)}
        onSubmit={(name) => attempt(() => api.createFolder(driveId, currentFolderId!, name))}
      />
      <NameDialog
        open={renaming !== null}
        title={t('rename.title', 'Rename {name}', { name: renaming?.name ?? '' })}
        submitLabel={t('rename.submit', 'Rename')}
        initialName={renaming?.name ?? ''}
        onClose={() => setRenaming(null)}
        onSubmit={(name) => attempt(() => api.updateItem(driveId, renaming!.remoteId, { name }))}
      />
      <MoveDialog
        driveId={driveId}
        driveName={current.name}
        item={moving}
        onClose={() => setMoving(null)}
        onMove={(item, parentId) =>
          attempt(() => api.updateItem(driveId, item.remoteId, { parentId }))
        }
      />
      <Dialog.Root
        open={deleting !== null}
        onOpenChange={(isOpen: boolean) => !isOpen && setDeleting(null)}
      >
        <ConfirmDialog
          title={t('delete.title', 'Delete {name}?', { name: deleting?.name ?? '' })}
          variant="danger"
          onConfirm={async () => {
            const item = deleting;
            setDeleting(null);
            if (item)
              await attempt(() => api.removeItem(driveId, item.remoteId)).catch(() => undefined);
          }}
        >
          {deleting?.isFolder
            ? t(
                'delete.folderBody',
                'The folder and everything in it go to the recycle bin of Microsoft 365.'
              )
            : t('delete.fileBody', 'The file goes to the recycle bin of Microsoft 365.')}
          {deleting && (usage.data?.[deleting.remoteId] ?? 0) > 0 && (
            <Box paddingTop={2}>
              <Typography fontWeight="bold" textColor="danger600">
                {t(
                  'delete.usedIn',
                  'It is used in {count, plural, one {# entry} other {# entries}}, which will show it as unavailable.',
                  { count: usage.data![deleting.remoteId] }
                )}
              </Typography>
            </Box>
          )}
        </ConfirmDialog>
      </Dialog.Root>
      <UsageModal driveId={driveId} item={showingUsage} onClose={() => setShowingUsage(null)} />
      <DriveSettingsModal
        drive={current}
        open={isGearOpen}
        canDisconnect={abilities.canManage || current.scope === 'personal'}
        onClose={() => setIsGearOpen(false)}
        onSyncRequested={() => {
          setRequestedSync({ before: current.lastSyncAt });
          void drive.reload();
        }}
        onReconnect={signInAgain}
        isReconnecting={reconnect.starting !== null}
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
