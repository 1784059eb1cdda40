import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { describeError, translateError } from '../api/describeError';
import { useT } from './useT';

/**
 * Shows a failure as a Strapi notification: the mapped message, then the next step, in the user's
 * language; returns what was shown.
 */
export const useReportError = () => {
  const { toggleNotification } = useNotification();
  const t = useT();
  return useCallback(
    (error: unknown) => {
      const described = translateError(describeError(error), t);
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
