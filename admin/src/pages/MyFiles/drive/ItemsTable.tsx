import { Flex, IconButton, TextButton, Typography } from '@strapi/design-system';
import { Download, ExternalLink, Folder, Images } from '@strapi/icons';
import { Table } from '@strapi/strapi/admin';
import { standardError } from '../../../api/describeError';
import { FileThumbnail } from '../../../components/thumbnails/FileThumbnail';
import type { DriveItem, SearchResult } from '../../../api/types';
import { useFormatWhen } from '../../../hooks/useFormatWhen';
import { useT } from '../../../hooks/useT';
import type { LibraryColumn } from '../../../../../shared/contracts/library-columns';
import { formatBytes } from '../../../utils/formatBytes';
import { CopyLinkButton } from './CopyLinkButton';
import { ItemLocation } from './ItemLocation';
import { ItemWriteActions } from './ItemWriteActions';
import { KeptColumnCells } from './KeptColumnCells';
import { VersionsButton } from './VersionsButton';

export type ItemAction =
  | 'open'
  | 'openLocation'
  | 'download'
  | 'downloadZip'
  | 'rename'
  | 'move'
  | 'delete'
  | 'usage'
  | 'versions'
  | 'copyToMediaLibrary'
  | 'copyLink';

/** A folder's child, or a drive-wide search result (which knows its folder's path). */
export type ListedItem = DriveItem | SearchResult;
// A search result carries its folder's path; a folder's child does not need it.
export const isSearchResult = (item: ListedItem): item is SearchResult => 'folderPath' in item;

interface ItemsTableProps {
  driveId: number;
  items: ListedItem[];
  /** Drive-wide search results: a Location column, and the server's order (no sorting). */
  showLocation: boolean;
  /** Names the root in the Location column. */
  driveName: string;
  isLoading: boolean;
  canWrite: boolean;
  canDownload: boolean;
  canCopyToMediaLibrary: boolean;
  canCopyLink: boolean;
  /** The integration is unavailable: what would reach Microsoft 365 is shown disabled. */
  offline: boolean;
  /** How many entries use each file (External file fields), by remote id. */
  usage: Record<string, number>;
  emptyText: string;
  onAction(action: ItemAction, item: ListedItem): void;
  /** The drive's kept library columns: one table column each, after Modified by. */
  keptColumns?: LibraryColumn[];
}

/**
 * A folder's content, or drive-wide search results with their Location: folders first (the server
 * orders them), sortable columns through the URL's `sort` (Strapi's Table; search results keep the
 * server's order), and only the actions the user may take.
 */
export const ItemsTable = ({
  driveId,
  items,
  showLocation,
  driveName,
  isLoading,
  canWrite,
  canDownload,
  canCopyToMediaLibrary,
  canCopyLink,
  offline,
  usage,
  emptyText,
  onAction,
  keptColumns = [],
}: ItemsTableProps) => {
  const t = useT();
  const when = useFormatWhen();
  // Downloads switched off: the action stays in its place, disabled, and its hint says why.
  const downloadsOff = canDownload ? null : standardError('downloadsDisabled', t).message;
  const sortable = !showLocation;
  const headers = [
    { name: 'name', label: t('items.column.name', 'Name'), sortable },
    ...(showLocation ? [{ name: 'location', label: t('items.column.location', 'Location') }] : []),
    { name: 'size', label: t('items.column.size', 'Size'), sortable },
    { name: 'modified', label: t('items.column.modified', 'Modified'), sortable },
    { name: 'modifiedBy', label: t('items.column.modifiedBy', 'Modified by'), sortable },
    ...keptColumns.map((column) => ({ name: `column:${column.name}`, label: column.displayName })),
    { name: 'actions', label: t('items.column.actions', 'Actions') },
  ];

  return (
    <Table.Root rows={items} headers={headers} isLoading={isLoading}>
      <Table.Content>
        <Table.Head>
          {headers.map((header) => (
            <Table.HeaderCell key={header.name} {...header} />
          ))}
        </Table.Head>
        <Table.Loading />
        <Table.Empty content={emptyText} />
        <Table.Body>
          {items.map((item) => (
            <Table.Row key={item.remoteId} data-item={item.name}>
              <Table.Cell>
                <Flex gap={2}>
                  {item.isFolder ? (
                    <Folder fill="primary600" aria-hidden />
                  ) : (
                    <FileThumbnail driveId={driveId} item={item} />
                  )}
                  {item.isFolder ? (
                    <Typography
                      tag="button"
                      type="button"
                      fontWeight="semiBold"
                      textColor="primary700"
                      onClick={() => onAction('open', item)}
                      style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
                    >
                      {item.name}
                    </Typography>
                  ) : (
                    <Typography textColor="neutral800">{item.name}</Typography>
                  )}
                  {(usage[item.remoteId] ?? 0) > 0 && (
                    <TextButton onClick={() => onAction('usage', item)}>
                      {t(
                        'items.usedIn',
                        'Used in {count, plural, one {# entry} other {# entries}}',
                        {
                          count: usage[item.remoteId],
                        }
                      )}
                    </TextButton>
                  )}
                </Flex>
              </Table.Cell>
              {showLocation && (
                <Table.Cell>
                  {isSearchResult(item) && (
                    <ItemLocation
                      driveName={driveName}
                      folderPath={item.folderPath}
                      onOpen={() => onAction('openLocation', item)}
                    />
                  )}
                </Table.Cell>
              )}
              <Table.Cell>
                <Typography textColor="neutral600">
                  {item.isFolder
                    ? t('items.childCount', '{count, plural, one {# item} other {# items}}', {
                        count: item.childCount ?? 0,
                      })
                    : formatBytes(item.size)}
                </Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography textColor="neutral600">{when(item.remoteModifiedAt)}</Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography textColor="neutral600" data-modified-by>
                  {item.modifiedViaStrapiBy
                    ? t('items.modifiedViaStrapi', '{modifier} (via Strapi: {user})', {
                        modifier: item.modifiedByName ?? '—',
                        user: item.modifiedViaStrapiBy,
                      })
                    : (item.modifiedByName ?? '—')}
                </Typography>
              </Table.Cell>
              <KeptColumnCells columns={keptColumns} values={item.columns} />
              <Table.Cell>
                <Flex gap={1} justifyContent="flex-end">
                  <IconButton
                    label={
                      downloadsOff ??
                      (item.isFolder
                        ? t('items.downloadZip', 'Download {name} as ZIP', { name: item.name })
                        : t('items.download', 'Download {name}', { name: item.name }))
                    }
                    variant="ghost"
                    disabled={downloadsOff !== null || offline}
                    onClick={() => onAction(item.isFolder ? 'downloadZip' : 'download', item)}
                  >
                    <Download />
                  </IconButton>
                  <VersionsButton item={item} disabled={offline} onAction={onAction} />
                  {canCopyToMediaLibrary && !item.isFolder && (
                    <IconButton
                      label={t('items.copyToMediaLibrary', 'Copy {name} to the Media Library', {
                        name: item.name,
                      })}
                      variant="ghost"
                      disabled={offline}
                      onClick={() => onAction('copyToMediaLibrary', item)}
                    >
                      <Images />
                    </IconButton>
                  )}
                  {canCopyLink && <CopyLinkButton item={item} offline={offline} act={onAction} />}
                  {item.webUrl && (
                    <IconButton
                      tag="a"
                      href={item.webUrl}
                      target="_blank"
                      rel="noreferrer noopener"
                      label={t('items.openInMicrosoft', 'Open {name} in Microsoft 365', {
                        name: item.name,
                      })}
                      variant="ghost"
                    >
                      <ExternalLink />
                    </IconButton>
                  )}
                  {canWrite && (
                    <ItemWriteActions item={item} offline={offline} onAction={onAction} />
                  )}
                </Flex>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Content>
    </Table.Root>
  );
};
