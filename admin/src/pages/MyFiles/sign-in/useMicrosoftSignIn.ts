import { useCallback, useState } from 'react';
import type { DescribedError } from '../../../api/describeError';
import { authorizedFetch, jsonRequest, useAdminToken } from '../../../api/authorizedFetch';
import { BASE } from '../../../api/externalDrivesApi';
import type { SignInStart } from '../../../../../shared/contracts/connections';
import { useReportError } from '../../../hooks/useReportError';
import { rememberSignIn, type PendingSignIn } from './signInReturn';

/**
 * "Connect my account" and "Reconnect": asks the server for Microsoft's sign-in address and sends
 * the browser there; the server's callback brings it back to My Files. No endpoint tells a user
 * beforehand whether personal connections are allowed, so the server's refusal
 * ("Integration not available") is kept to explain it where the buttons are.
 */
export const useMicrosoftSignIn = () => {
  const token = useAdminToken();
  const reportError = useReportError();
  const [starting, setStarting] = useState<PendingSignIn | null>(null);
  const [unavailable, setUnavailable] = useState<DescribedError | null>(null);

  const start = useCallback(
    async (pending: PendingSignIn) => {
      setStarting(pending);
      try {
        // The answer also sets the cookie binding the sign-in to this browser.
        const answer = await authorizedFetch(
          token,
          `${BASE}/connections`,
          jsonRequest('POST', { kind: pending.kind })
        );
        const { authorizationUrl } = answer.data as SignInStart;
        rememberSignIn(pending);
        // The page unloads: the button keeps its spinner until Microsoft's page shows.
        window.location.assign(authorizationUrl);
      } catch (error) {
        const described = reportError(error);
        if (described.code === 'integrationNotAvailable') setUnavailable(described);
        setStarting(null);
      }
    },
    [token, reportError]
  );

  return { start, starting, unavailable };
};
