import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { useCopyToMediaLibrary } from '../../../api/resources/items';
import type { DriveItem } from '../../../api/types';
import { useFileTransfers } from '../../../api/useFileTransfers';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';

/** The item actions that open no dialog: download the file, copy it to the Media Library. */
export const useItemOperations = (driveId: number) => {
  const t = useT();
  const transfers = useFileTransfers();
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

  const download = useCallback(
    async (item: DriveItem) => {
      try {
        const blob = await transfers.downloadItem(driveId, item.remoteId);
        const url = URL.createObjectURL(blob);
        const anchor = document.createElement('a');
        anchor.href = url;
        anchor.download = item.name;
        anchor.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        reportError(error);
      }
    },
    [transfers, driveId, reportError]
  );

  return { copyToMediaLibrary, download };
};
