import {
  Box,
  Button,
  Checkbox,
  Flex,
  Modal,
  Searchbar,
  TextButton,
  Typography,
} from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { useState } from 'react';
import type { ExternalFileReference } from '../../../../shared/external-file';
import type { Drive, DriveItem } from '../../api/types';
import { useT } from '../../hooks/useT';
import { PickerDrives } from './PickerDrives';
import { PickerItems } from './PickerItems';

export interface PickedFile extends ExternalFileReference {
  name: string;
}

/** "Insert as a sharing link" applies to the files of drives that allow links. */
const asChosen = (file: PickedFile, linkable: Set<string>, asLink: boolean): PickedFile =>
  asLink && linkable.has(file.driveId) ? { ...file, link: 'sharing' } : file;

interface ExternalFilePickerProps {
  open: boolean;
  multiple: boolean;
  onClose(): void;
  onPick(files: PickedFile[]): void;
}

interface Level {
  remoteId: string | undefined;
  name: string;
}

const keyOf = (file: ExternalFileReference) => `${file.driveId}\n${file.itemId}`;

/**
 * Browses the organisation drives this admin may see (never personal drives: their files cannot
 * be attached to content), folder by folder or by search, and picks one file or several: as the
 * plugin's download route, or, where the drive allows links, as a sharing link the server creates
 * when the entry is saved.
 */
export const ExternalFilePicker = ({
  open,
  multiple,
  onClose,
  onPick,
}: ExternalFilePickerProps) => {
  const t = useT();
  const [drive, setDrive] = useState<Drive | null>(null);
  const [trail, setTrail] = useState<Level[]>([]);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Map<string, PickedFile>>(new Map());
  const [asLink, setAsLink] = useState(false);
  // The drives opened here that allow links (by Microsoft's drive id, as references name them).
  const [linkable, setLinkable] = useState<Set<string>>(new Set());
  const folder = trail[trail.length - 1];

  const reset = () => {
    setDrive(null);
    setTrail([]);
    setSearch('');
    setPicked(new Map());
    setAsLink(false);
  };
  const close = () => {
    reset();
    onClose();
  };

  const openDrive = (next: Drive) => {
    setDrive(next);
    if (next.sharingLinkScope !== null)
      setLinkable((current) => new Set(current).add(next.remoteDriveId));
    setTrail([{ remoteId: undefined, name: next.name }]);
    setSearch('');
  };

  const toggle = (item: DriveItem) => {
    if (!drive) return;
    const file: PickedFile = {
      driveId: drive.remoteDriveId,
      itemId: item.remoteId,
      name: item.name,
    };
    if (!multiple) {
      onPick([asChosen(file, linkable, asLink)]);
      close();
      return;
    }
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(keyOf(file))) next.delete(keyOf(file));
      else next.set(keyOf(file), file);
      return next;
    });
  };

  const goUp = () => {
    if (trail.length > 1) setTrail((levels) => levels.slice(0, -1));
    else {
      setDrive(null);
      setTrail([]);
    }
    setSearch('');
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && close()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {multiple
              ? t('picker.titleMultiple', 'Choose files')
              : t('picker.title', 'Choose a file')}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            {drive && (
              <>
                <Flex gap={2}>
                  <TextButton startIcon={<ArrowLeft />} onClick={goUp}>
                    {trail.length > 1 ? t('move.up', 'Up') : t('picker.allDrives', 'All drives')}
                  </TextButton>
                  <Typography fontWeight="bold">
                    {trail.map((level) => level.name).join(' / ')}
                  </Typography>
                </Flex>
                <Searchbar
                  name="external-file-search"
                  value={search}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setSearch(event.target.value)
                  }
                  onClear={() => setSearch('')}
                  clearLabel={t('picker.clearSearch', 'Clear the search')}
                  placeholder={t('picker.search', 'Search this drive')}
                >
                  {t('picker.search', 'Search this drive')}
                </Searchbar>
                {drive.sharingLinkScope !== null && (
                  <Checkbox
                    checked={asLink}
                    onCheckedChange={(checked: boolean) => setAsLink(checked === true)}
                  >
                    {t(
                      'picker.asSharingLink',
                      'Insert as a sharing link (people in your organisation) instead of the download route'
                    )}
                  </Checkbox>
                )}
              </>
            )}
            <Box borderColor="neutral200" hasRadius padding={2} minHeight="16rem">
              {drive ? (
                <PickerItems
                  drive={drive}
                  folderId={folder?.remoteId}
                  search={search}
                  multiple={multiple}
                  isPicked={(item) =>
                    picked.has(keyOf({ driveId: drive.remoteDriveId, itemId: item.remoteId }))
                  }
                  onOpenFolder={(item) => {
                    setSearch('');
                    setTrail((levels) => [...levels, { remoteId: item.remoteId, name: item.name }]);
                  }}
                  onToggle={toggle}
                />
              ) : (
                <PickerDrives onOpen={openDrive} />
              )}
            </Box>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={close}>
            {t('common.cancel', 'Cancel')}
          </Button>
          {multiple && (
            <Button
              disabled={picked.size === 0}
              onClick={() => {
                onPick([...picked.values()].map((file) => asChosen(file, linkable, asLink)));
                close();
              }}
            >
              {t('picker.attach', 'Attach {count, plural, one {# file} other {# files}}', {
                count: picked.size,
              })}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
