import { useCallback, useState } from 'react';
import type { DescribedError } from '../../../api/describeError';
import { useExternalDrivesApi } from '../../../api/useExternalDrivesApi';
import { useReportError } from '../../../hooks/useReportError';
import { rememberSignIn, type PendingSignIn } from './signInReturn';

/**
 * "Connect my account" and "Reconnect": asks the server for Microsoft's sign-in address and sends
 * the browser there; the server's callback brings it back to My Files. No endpoint tells a user
 * beforehand whether personal connections are allowed, so the server's refusal
 * ("Integration not available") is kept to explain it where the buttons are.
 */
export const useMicrosoftSignIn = () => {
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const [starting, setStarting] = useState<PendingSignIn | null>(null);
  const [unavailable, setUnavailable] = useState<DescribedError | null>(null);

  const start = useCallback(
    async (pending: PendingSignIn) => {
      setStarting(pending);
      try {
        const { authorizationUrl } = await api.startSignIn(pending.kind);
        rememberSignIn(pending);
        // The page unloads: the button keeps its spinner until Microsoft's page shows.
        window.location.assign(authorizationUrl);
      } catch (error) {
        const described = reportError(error);
        if (described.code === 'integrationNotAvailable') setUnavailable(described);
        setStarting(null);
      }
    },
    [api, reportError]
  );

  return { start, starting, unavailable };
};
