import { Box, Button, Flex, Loader, Modal, TextButton, Typography } from '@strapi/design-system';
import { ArrowLeft, Folder } from '@strapi/icons';
import { useState } from 'react';
import type { DriveItem } from '../../../api/types';
import { FRESH } from '../../../api/externalDrivesApi';
import { useChildren } from '../../../api/resources/items';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';
import { useT } from '../../../hooks/useT';
import { ModalActions } from '../../../components/ModalActions';

interface MoveDialogProps {
  driveId: number;
  driveName: string;
  item: DriveItem | null;
  onClose(): void;
  onMove(item: DriveItem, parentId: string): Promise<void>;
}

interface Level {
  remoteId: string | undefined;
  name: string;
}

/** A folder picker: walk the drive's folders from the root and move the item into one. */
export const MoveDialog = ({ driveId, driveName, item, onClose, onMove }: MoveDialogProps) => {
  const t = useT();
  const [trail, setTrail] = useState<Level[]>([{ remoteId: undefined, name: driveName }]);
  const [isMoving, setIsMoving] = useState(false);
  const current = trail[trail.length - 1];

  const page = useChildren(
    {
      driveId,
      parentId: current.remoteId,
      page: 1,
      pageSize: 500,
      sort: 'name',
      order: 'asc',
    },
    { ...FRESH, skip: !item }
  );
  useQueryErrorReport(page.error);
  const results = item ? (page.currentData?.results ?? []) : [];
  const folders = {
    isLoading: page.isFetching && !page.currentData,
    data: {
      folders: results.filter((entry) => entry.isFolder && entry.remoteId !== item?.remoteId),
      // The root's own id is only known through its children.
      parentId: current.remoteId ?? results[0]?.parentRemoteId ?? undefined,
    },
  };

  const destination = folders.data?.parentId;
  const isCurrentParent = destination !== undefined && destination === item?.parentRemoteId;

  const move = async () => {
    if (!item || !destination) return;
    setIsMoving(true);
    try {
      await onMove(item, destination);
      setTrail([{ remoteId: undefined, name: driveName }]);
      onClose();
    } catch {
      // Reported by the caller.
    } finally {
      setIsMoving(false);
    }
  };

  return (
    <Modal.Root open={item !== null} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('move.title', 'Move {name}', { name: item?.name ?? '' })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            <Flex gap={2}>
              {trail.length > 1 && (
                <TextButton
                  startIcon={<ArrowLeft />}
                  onClick={() => setTrail((levels) => levels.slice(0, -1))}
                >
                  {t('move.up', 'Up')}
                </TextButton>
              )}
              <Typography fontWeight="bold">
                {trail.map((level) => level.name).join(' / ')}
              </Typography>
            </Flex>
            <Box borderColor="neutral200" hasRadius padding={2} minHeight="12rem">
              {folders.isLoading ? (
                <Loader small>{t('common.loading', 'Loading…')}</Loader>
              ) : folders.data?.folders.length ? (
                <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
                  {folders.data.folders.map((folder) => (
                    <li key={folder.remoteId}>
                      <TextButton
                        startIcon={<Folder fill="primary600" />}
                        onClick={() =>
                          setTrail((levels) => [
                            ...levels,
                            { remoteId: folder.remoteId, name: folder.name },
                          ])
                        }
                      >
                        {folder.name}
                      </TextButton>
                    </li>
                  ))}
                </Flex>
              ) : (
                <Typography textColor="neutral600">
                  {t('move.noFolders', 'No folders here')}
                </Typography>
              )}
            </Box>
          </Flex>
        </Modal.Body>
        <ModalActions>
          <Button
            onClick={() => void move()}
            loading={isMoving}
            disabled={!destination || isCurrentParent}
          >
            {t('move.here', 'Move here')}
          </Button>
        </ModalActions>
      </Modal.Content>
    </Modal.Root>
  );
};
