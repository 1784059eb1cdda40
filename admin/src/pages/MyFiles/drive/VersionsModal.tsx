import {
  Badge,
  Box,
  Flex,
  IconButton,
  Loader,
  Modal,
  Table as DSTable,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useAdminToken } from '../../../api/authorizedFetch';
import { standardError } from '../../../api/describeError';
import { FRESH } from '../../../api/externalDrivesApi';
import {
  downloadVersion,
  useFileVersions,
  useRestoreVersion,
} from '../../../api/resources/versions';
import type { DriveItem } from '../../../api/types';
import { ModalCloseFooter } from '../../../components/ModalActions';
import { TableHeadRow } from '../../../components/TableHeadRow';
import { useFormatWhen } from '../../../hooks/useFormatWhen';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';
import { formatBytes } from '../../../utils/formatBytes';
import { saveBlob } from './saveBlob';

interface VersionsModalProps {
  driveId: number;
  item: DriveItem | null;
  canWrite: boolean;
  canDownload: boolean;
  /** The integration is unavailable: actions that would reach Microsoft 365 are disabled. */
  offline: boolean;
  onClose(): void;
}

/**
 * A file's versions as Microsoft 365 keeps them (who, when, size), the current one first. Each
 * earlier version can be downloaded (while downloads are on) and, by read-write users, restored as
 * the current version; the server decides every request again.
 */
export const VersionsModal = ({
  driveId,
  item,
  canWrite,
  canDownload,
  offline,
  onClose,
}: VersionsModalProps) => {
  const t = useT();
  const when = useFormatWhen();
  const token = useAdminToken();
  const reportError = useReportError();
  const { toggleNotification } = useNotification();
  const ref = { driveId, itemId: item?.remoteId ?? '' };
  const versions = useFileVersions(ref, { ...FRESH, skip: item === null });
  useQueryErrorReport(versions.error);
  const [restore] = useRestoreVersion();
  const [busy, setBusy] = useState<string | null>(null);
  const downloadsOff = canDownload ? null : standardError('downloadsDisabled', t).message;
  const list = item ? versions.currentData : undefined;

  const download = async (versionId: string) => {
    if (!item) return;
    setBusy(versionId);
    try {
      saveBlob(await downloadVersion(token, ref, versionId), item.name);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(null);
    }
  };

  const restoreVersion = async (versionId: string) => {
    if (!item) return;
    setBusy(versionId);
    try {
      await restore({ ...ref, versionId }).unwrap();
      toggleNotification({
        type: 'success',
        message: t(
          'versions.restored',
          'Version {version} of {name} is the current version again',
          {
            version: versionId,
            name: item.name,
          }
        ),
      });
      void versions.refetch();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal.Root open={item !== null} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('versions.title', 'Versions of {name}', { name: item?.name ?? '' })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {versions.isFetching || !list ? (
            <Loader small>{t('common.loading', 'Loading…')}</Loader>
          ) : (
            <DSTable colCount={5} rowCount={list.length + 1}>
              <TableHeadRow
                labels={[
                  t('versions.version', 'Version'),
                  t('versions.modified', 'Modified'),
                  t('versions.modifiedBy', 'Modified by'),
                  t('versions.size', 'Size'),
                  t('versions.actions', 'Actions'),
                ]}
              />
              <Tbody>
                {list.map((version) => (
                  <Tr key={version.id} data-version={version.id}>
                    <Td>
                      <Flex gap={2}>
                        <Typography fontWeight="semiBold">{version.id}</Typography>
                        {version.isCurrent && <Badge>{t('versions.current', 'Current')}</Badge>}
                      </Flex>
                    </Td>
                    <Td>
                      <Typography textColor="neutral600">{when(version.modifiedAt)}</Typography>
                    </Td>
                    <Td>
                      <Typography textColor="neutral600">
                        {version.modifiedByName ?? '—'}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography textColor="neutral600">{formatBytes(version.size)}</Typography>
                    </Td>
                    <Td>
                      <Flex gap={1} justifyContent="flex-end">
                        <IconButton
                          label={
                            downloadsOff ??
                            t('versions.download', 'Download version {version}', {
                              version: version.id,
                            })
                          }
                          variant="ghost"
                          disabled={downloadsOff !== null || offline || busy !== null}
                          onClick={() => void download(version.id)}
                        >
                          <Download />
                        </IconButton>
                        {canWrite && !version.isCurrent && (
                          <IconButton
                            label={t('versions.restore', 'Restore version {version}', {
                              version: version.id,
                            })}
                            variant="ghost"
                            disabled={offline || busy !== null}
                            onClick={() => void restoreVersion(version.id)}
                          >
                            <ArrowClockwise />
                          </IconButton>
                        )}
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </DSTable>
          )}
          {downloadsOff && (
            <Box paddingTop={3}>
              <Typography variant="pi" textColor="neutral600" data-hint="downloads-off">
                {downloadsOff}
              </Typography>
            </Box>
          )}
        </Modal.Body>
        <ModalCloseFooter />
      </Modal.Content>
    </Modal.Root>
  );
};
