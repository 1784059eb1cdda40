import { Box, Dialog, Typography } from '@strapi/design-system';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useCreateFolder, useRemoveItem, useUpdateItem } from '../../../api/resources/items';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';
import { isSearchResult, type ListedItem } from './ItemsTable';
import { MoveDialog } from './MoveDialog';
import { NameDialog } from './NameDialog';
import { UsageModal } from './UsageModal';

/** The dialog the drive view shows, if any, and the item it is about. */
export type ItemDialog =
  { kind: 'newFolder' } | { kind: 'rename' | 'move' | 'delete' | 'usage'; item: ListedItem };

interface DriveDialogsProps {
  driveId: number;
  driveName: string;
  /** Where a new folder goes: the open folder's remote id. */
  folderId: string | undefined;
  /** The open folder's path ('/A/B', '' at the root), for the name rules. */
  folderPath: string;
  dialog: ItemDialog | null;
  /** "Used in N entries" of the files on the page, to warn before deleting one. */
  usage: Record<string, number>;
  onClose(): void;
}

/**
 * The dialogs of the drive view: new folder, rename, move, delete, and the entries using a file.
 * Each operation refreshes the drive's items through the cache; a failure is reported and keeps
 * its dialog open for a correction.
 */
export const DriveDialogs = ({
  driveId,
  driveName,
  folderId,
  folderPath,
  dialog,
  usage,
  onClose,
}: DriveDialogsProps) => {
  const t = useT();
  const reportError = useReportError();
  const [createFolder] = useCreateFolder();
  const updateItem = useUpdateItem();
  const [removeItem] = useRemoveItem();
  const itemOf = (kind: ItemDialog['kind']) =>
    dialog && dialog.kind === kind && 'item' in dialog ? dialog.item : null;
  const renaming = itemOf('rename');
  const deleting = itemOf('delete');
  const usedIn = deleting ? (usage[deleting.remoteId] ?? 0) : 0;

  /** Reports a failure and rethrows it so a dialog stays open for a correction. */
  const attempt = async (operation: () => Promise<unknown>) => {
    try {
      await operation();
    } catch (error) {
      reportError(error);
      throw error;
    }
  };

  return (
    <>
      <NameDialog
        open={dialog?.kind === 'newFolder'}
        title={t('drive.newFolder', 'New folder')}
        submitLabel={t('common.create', 'Create')}
        initialName=""
        target={{ driveName, folderPath, isFolder: true }}
        onClose={onClose}
        onSubmit={(name) =>
          attempt(() => createFolder({ driveId, parentId: folderId!, name }).unwrap())
        }
      />
      <NameDialog
        open={renaming !== null}
        title={t('rename.title', 'Rename {name}', { name: renaming?.name ?? '' })}
        submitLabel={t('rename.submit', 'Rename')}
        initialName={renaming?.name ?? ''}
        target={{
          driveName,
          // A drive-wide search result may live in another folder than the open one.
          folderPath: renaming && isSearchResult(renaming) ? renaming.folderPath : folderPath,
          isFolder: renaming?.isFolder ?? false,
        }}
        onClose={onClose}
        onSubmit={(name) =>
          attempt(() => updateItem({ driveId, itemId: renaming!.remoteId }, { name }))
        }
      />
      <MoveDialog
        driveId={driveId}
        driveName={driveName}
        item={itemOf('move')}
        onClose={onClose}
        onMove={(item, parentId) =>
          attempt(() => updateItem({ driveId, itemId: item.remoteId }, { parentId }))
        }
      />
      <Dialog.Root
        open={deleting !== null}
        onOpenChange={(isOpen: boolean) => !isOpen && onClose()}
      >
        <ConfirmDialog
          title={t('delete.title', 'Delete {name}?', { name: deleting?.name ?? '' })}
          variant="danger"
          onConfirm={async () => {
            onClose();
            if (deleting)
              await attempt(() =>
                removeItem({ driveId, itemId: deleting.remoteId }).unwrap()
              ).catch(() => undefined);
          }}
        >
          {deleting?.isFolder
            ? t(
                'delete.folderBody',
                'The folder and everything in it go to the recycle bin of Microsoft 365.'
              )
            : t('delete.fileBody', 'The file goes to the recycle bin of Microsoft 365.')}
          {usedIn > 0 && (
            <Box paddingTop={2}>
              <Typography fontWeight="bold" textColor="danger600">
                {t(
                  'delete.usedIn',
                  'It is used in {count, plural, one {# entry} other {# entries}}, which will show it as unavailable.',
                  { count: usedIn }
                )}
              </Typography>
            </Box>
          )}
        </ConfirmDialog>
      </Dialog.Root>
      <UsageModal driveId={driveId} item={itemOf('usage')} onClose={onClose} />
    </>
  );
};
