import { useEffect } from 'react';

/** Calls `refresh` every `intervalMs` while `active` (a sync running), and stops after. */
export const usePolling = (refresh: () => Promise<void>, active: boolean, intervalMs: number) => {
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => void refresh(), intervalMs);
    return () => window.clearInterval(timer);
  }, [refresh, active, intervalMs]);
};
