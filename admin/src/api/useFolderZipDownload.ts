/**
 * A folder's ZIP saved as it streams: the panel asks for a single-use ticket (an authorised call;
 * a refusal, such as the ZIP limits, comes back here with its message), then lets the browser
 * navigate to the ticket's URL. The server answers with the archive as an attachment, which the
 * browser writes to disk as it arrives, without holding it in memory and without leaving the page.
 */
import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { backendUrl } from './authorizedFetch';
import { itemPath } from './resources/items';

export const useFolderZipDownload = () => {
  const { post } = useFetchClient();
  return useCallback(
    async (driveId: number, itemId: string) => {
      const answer = await post<{ data: { url: string; expiresAt: string } }>(
        `${itemPath({ driveId, itemId })}/zip-ticket`
      );
      const anchor = document.createElement('a');
      anchor.href = `${backendUrl()}${answer.data.data.url}`;
      // The ticket is a credential in the URL: no Referer carries it anywhere.
      anchor.rel = 'noreferrer';
      anchor.click();
    },
    [post]
  );
};
