import { useEffect } from 'react';
import { useReportError } from './useReportError';

/** Shows a query's failure once as a notification, as every screen did for its loads. */
export const useQueryErrorReport = (error: unknown) => {
  const reportError = useReportError();
  useEffect(() => {
    if (error) reportError(error);
  }, [error, reportError]);
};
