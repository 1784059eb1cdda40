import { Checkbox, Flex, Loader, TextButton, Typography } from '@strapi/design-system';
import { Folder } from '@strapi/icons';
import { FRESH } from '../../api/externalDrivesApi';
import { useChildren, useItemSearch } from '../../api/resources/items';
import type { Drive, DriveItem } from '../../api/types';
import { useQueryErrorReport } from '../../hooks/useQueryErrorReport';
import { useT } from '../../hooks/useT';
import { useState } from 'react';
import { columnFilterQuery, type ColumnFilter } from '../../utils/columnFilter';
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
  const [filter, setFilter] = useState<ColumnFilter>({ column: '', text: '' });
  const keptColumns = drive.libraryColumns?.kept ?? [];
  // A column filter searches the whole drive on the server, as the name search does.
  const byColumn = keptColumns.length ? columnFilterQuery(filter) : null;
  const searching = text !== '' || byColumn !== null;
  const children = useChildren(
    { driveId: drive.id, parentId: folderId, page: 1, pageSize: 200, sort: 'name', order: 'asc' },
    { ...FRESH, skip: searching }
  );
  const found = useItemSearch(
    { driveId: drive.id, q: text, ...byColumn, pageSize: 200 },
    { ...FRESH, skip: !searching }
  );
  const query = searching ? found : children;
  useQueryErrorReport(query.error);
  const listing = {
    isLoading: query.isLoading,
    data: searching ? found.data?.results : children.data?.results,
  };
  /** Where a found item lives ('/A/B', the drive's name at its root), as My Files' search shows. */
  const locationOf = (item: DriveItem) =>
    searching && 'folderPath' in item ? String(item.folderPath) || drive.name : null;

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
                {locationOf(item) && (
                  <Typography variant="pi" textColor="neutral600" data-location={locationOf(item)}>
                    {locationOf(item)}
                  </Typography>
                )}
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
