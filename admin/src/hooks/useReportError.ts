import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { describeError } from '../api/describeError';

/** Shows a failure as a Strapi notification: the mapped message, then the next step. */
export const useReportError = () => {
  const { toggleNotification } = useNotification();
  return useCallback(
    (error: unknown) => {
      const described = describeError(error);
      toggleNotification({
        type: 'danger',
        title: described.message,
        message: described.nextStep ?? '',
      });
      return described;
    },
    [toggleNotification]
  );
};
