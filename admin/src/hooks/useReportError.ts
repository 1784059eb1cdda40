import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { describeError, translateError } from '../api/describeError';
import { useT } from './useT';

/**
 * A request the panel itself cancelled: Strapi's fetch client aborts a component's requests when it
 * unmounts (a page left, a modal closed), which is no failure to tell anyone about.
 */
const isCancelled = (error: unknown) => (error as { name?: string } | null)?.name === 'AbortError';

/**
 * Shows a failure as a Strapi notification: the mapped message, then the next step, in the user's
 * language; returns what was (or, for a cancelled request, would have been) shown.
 */
export const useReportError = () => {
  const { toggleNotification } = useNotification();
  const t = useT();
  return useCallback(
    (error: unknown) => {
      const described = translateError(describeError(error), t);
      if (isCancelled(error)) return described;
      toggleNotification({
        type: 'danger',
        title: described.message,
        message: described.nextStep ?? '',
      });
      return described;
    },
    [toggleNotification, t]
  );
};
