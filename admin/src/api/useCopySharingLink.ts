/**
 * "Copy link" (issue 22), wherever it is offered (My Files rows, attached "External file" fields):
 * the server asks Microsoft 365 for the organization view link (made or reused) and the link goes
 * to the clipboard. Only the link text is copied: nothing the browser holds is ever stored.
 */
import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { useReportError } from '../hooks/useReportError';
import { useT } from '../hooks/useT';
import { useCreateSharingLink } from './resources/sharingLinks';

export interface LinkedItem {
  /** The plugin's drive id (`GET /drives`), not Microsoft's. */
  driveId: number;
  itemId: string;
  name: string;
}

export const useCopySharingLink = () => {
  const t = useT();
  const reportError = useReportError();
  const { toggleNotification } = useNotification();
  const [createLink] = useCreateSharingLink();

  return useCallback(
    async ({ driveId, itemId, name }: LinkedItem) => {
      try {
        const link = await createLink({ driveId, itemId }).unwrap();
        const copied = await navigator.clipboard.writeText(link.webUrl).then(
          () => true,
          () => false
        );
        if (!copied) {
          // The browser refused the clipboard (no permission, no focus): the link is shown instead.
          toggleNotification({
            type: 'info',
            title: t('items.linkNotCopied', 'Copy this link to {name}', { name }),
            message: link.webUrl,
          });
          return;
        }
        toggleNotification({
          type: 'success',
          message: t(
            'items.linkCopied',
            'A link to {name} for people in your organization was copied',
            { name }
          ),
        });
      } catch (error) {
        reportError(error);
      }
    },
    [createLink, toggleNotification, t, reportError]
  );
};
