import { useCallback } from 'react';
import { useIntl } from 'react-intl';

/** A moment as the drive's tables and dialogs show it (medium date, short time), or a dash. */
export const useFormatWhen = () => {
  const { formatDate } = useIntl();
  return useCallback(
    (value: string | null | undefined) =>
      value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
    [formatDate]
  );
};
