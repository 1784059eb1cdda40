import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

export type Translate = (
  key: string,
  defaultMessage: string,
  values?: Record<string, string | number>
) => string;

/** The plugin's messages (translations/en.json), with the English text as the fallback. */
export const useT = (): Translate => {
  const { formatMessage } = useIntl();
  return useCallback(
    (key, defaultMessage, values) =>
      formatMessage({ id: getTranslation(key), defaultMessage }, values),
    [formatMessage]
  );
};
