import { Checkbox, Flex, Loader, TextButton, Typography } from '@strapi/design-system';
import { Folder } from '@strapi/icons';
import { FRESH } from '../../api/externalDrivesApi';
import { useChildren, useItemSearch } from '../../api/resources/items';
import type { Drive, DriveItem } from '../../api/types';
import { useQueryErrorReport } from '../../hooks/useQueryErrorReport';
import { useT } from '../../hooks/useT';
import { useState } from 'react';
import { useFormatWhen } from '../../hooks/useFormatWhen';
import { passesColumnFilter, type ColumnFilter } from '../../utils/columnFilter';
import { formatBytes } from '../../utils/formatBytes';
import { FileThumbnail } from '../thumbnails/FileThumbnail';
import { PickerColumnFilter } from './PickerColumnFilter';

interface PickerItemsProps {
  drive: Drive;
  /** The open folder's remote id; none at the drive's root. */
  folderId: string | undefined;
  search: string;
  multiple: boolean;
  isPicked(item: DriveItem): boolean;
  onOpenFolder(item: DriveItem): void;
  onToggle(item: DriveItem): void;
}

/** One folder of a drive (or what a search finds in it): folders to open, files to pick. */
export const PickerItems = ({
  drive,
  folderId,
  search,
  multiple,
  isPicked,
  onOpenFolder,
  onToggle,
}: PickerItemsProps) => {
  const t = useT();
  const text = search.trim();
  const children = useChildren(
    { driveId: drive.id, parentId: folderId, page: 1, pageSize: 200, sort: 'name', order: 'asc' },
    { ...FRESH, skip: text !== '' }
  );
  const found = useItemSearch({ driveId: drive.id, q: text }, { ...FRESH, skip: text === '' });
  const query = text ? found : children;
  useQueryErrorReport(query.error);
  const when = useFormatWhen();
  const [filter, setFilter] = useState<ColumnFilter>({ column: '', text: '' });
  const keptColumns = drive.libraryColumns?.kept ?? [];
  const labels = { yes: t('columns.yes', 'Yes'), no: t('columns.no', 'No'), when };
  const listing = {
    isLoading: query.isLoading,
    data: (text ? found.data?.results : children.data?.results)?.filter((item) =>
      passesColumnFilter(item, filter, labels)
    ),
  };

  const items =
    listing.isLoading && !listing.data ? (
      <Loader small>{t('common.loading', 'Loading…')}</Loader>
    ) : listing.data?.length ? (
      <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
        {listing.data.map((item) =>
          item.isFolder ? (
            <li key={item.remoteId}>
              <TextButton
                startIcon={<Folder fill="primary600" />}
                onClick={() => onOpenFolder(item)}
              >
                {item.name}
              </TextButton>
            </li>
          ) : (
            <li key={item.remoteId}>
              <Flex gap={2}>
                {multiple && <FileThumbnail driveId={drive.id} item={item} size={24} />}
                {multiple ? (
                  <Checkbox checked={isPicked(item)} onCheckedChange={() => onToggle(item)}>
                    {item.name}
                  </Checkbox>
                ) : (
                  <TextButton
                    startIcon={<FileThumbnail driveId={drive.id} item={item} size={24} />}
                    onClick={() => onToggle(item)}
                  >
                    {item.name}
                  </TextButton>
                )}
                <Typography variant="pi" textColor="neutral500">
                  {formatBytes(item.size)}
                </Typography>
              </Flex>
            </li>
          )
        )}
      </Flex>
    ) : (
      <Typography textColor="neutral600">
        {search || filter.text
          ? t('picker.noMatch', 'No file matches this search')
          : t('picker.emptyFolder', 'This folder is empty')}
      </Typography>
    );
  return keptColumns.length ? (
    <>
      <PickerColumnFilter columns={keptColumns} filter={filter} onChange={setFilter} />
      {items}
    </>
  ) : (
    items
  );
};
