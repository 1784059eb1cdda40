import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { describeError, translateError } from '../../../api/describeError';
import { useCopyToMediaLibrary } from '../../../api/resources/items';
import type { DriveItem } from '../../../api/types';
import { useCopySharingLink } from '../../../api/useCopySharingLink';
import { useFileTransfers } from '../../../api/useFileTransfers';
import { useFolderZipDownload } from '../../../api/useFolderZipDownload';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';
import { formatBytes } from '../../../utils/formatBytes';
import { saveBlob } from './saveBlob';

/** What the server says of a folder past the ZIP limits (shared/errors.ts `zipTooLarge`). */
interface ZipLimitDetails {
  code: 'zipTooLarge';
  files: number;
  bytes: number;
  maxFiles: number;
  maxBytes: number;
}

type ErrorBody = { error?: { details?: { code?: string } } };

/** The refusal's details, as Strapi's fetch client (`response.data`) or ours (`payload`) keeps them. */
const zipLimitDetails = (error: unknown): ZipLimitDetails | null => {
  const failed = error as { payload?: ErrorBody; response?: { data?: ErrorBody } } | null;
  const details = (failed?.response?.data ?? failed?.payload)?.error?.details;
  return details?.code === 'zipTooLarge' ? (details as ZipLimitDetails) : null;
};

/** The item actions that open no dialog: download the file, copy it to the Media Library. */
export const useItemOperations = (driveId: number) => {
  const t = useT();
  const transfers = useFileTransfers();
  const startFolderZip = useFolderZipDownload();
  const reportError = useReportError();
  const { toggleNotification } = useNotification();
  const [copy] = useCopyToMediaLibrary();

  const copyToMediaLibrary = useCallback(
    async (item: DriveItem) => {
      try {
        await copy({ driveId, itemId: item.remoteId }).unwrap();
        toggleNotification({
          type: 'success',
          message: t('items.copiedToMediaLibrary', '{name} was copied to the Media Library', {
            name: item.name,
          }),
        });
      } catch (error) {
        reportError(error);
      }
    },
    [copy, driveId, toggleNotification, t, reportError]
  );

  /** Copy link: the view link Microsoft 365 made (or had) goes to the clipboard. */
  const copySharingLink = useCopySharingLink();
  const copyLink = useCallback(
    (item: DriveItem) => copySharingLink({ driveId, itemId: item.remoteId, name: item.name }),
    [copySharingLink, driveId]
  );

  const download = useCallback(
    async (item: DriveItem) => {
      try {
        saveBlob(await transfers.downloadItem(driveId, item.remoteId), item.name);
      } catch (error) {
        reportError(error);
      }
    },
    [transfers, driveId, reportError]
  );

  const downloadZip = useCallback(
    async (item: DriveItem) => {
      try {
        await startFolderZip(driveId, item.remoteId);
      } catch (error) {
        const limits = zipLimitDetails(error);
        if (!limits) {
          reportError(error);
          return;
        }
        // The standard wording says why; the numbers say by how much, in the user's language.
        const described = translateError(describeError(error), t);
        const numbers = t(
          'items.zipTooLarge',
          'It holds {files, plural, one {# file} other {# files}} ({size}); a ZIP may hold {maxFiles, plural, one {# file} other {# files}} and {maxSize}.',
          {
            files: limits.files,
            size: formatBytes(limits.bytes),
            maxFiles: limits.maxFiles,
            maxSize: formatBytes(limits.maxBytes),
          }
        );
        toggleNotification({
          type: 'danger',
          title: described.message,
          message: [numbers, described.nextStep].filter(Boolean).join(' '),
        });
      }
    },
    [startFolderZip, driveId, reportError, toggleNotification, t]
  );

  return { copyLink, copyToMediaLibrary, download, downloadZip };
};
