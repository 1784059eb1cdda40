import { FRESH } from '../api/externalDrivesApi';
import { useIntegration } from '../api/resources/settings';

export interface IntegrationState {
  /**
   * The server said the integration is off, not configured or its secret unreadable: nothing can
   * reach Microsoft 365, so My Files says so up front and disables what would fail.
   */
  unavailable: boolean;
  personalConnectionsAllowed: boolean;
  downloadsEnabled: boolean;
  /** `#`, `%` and `&` are refused in names (the server's default until it answers). */
  rejectDiscouragedCharacters: boolean;
}

/**
 * The integration as My Files users see it (`GET /integration`). Until the answer arrives, and if
 * it fails, the panel offers what it did before: the server still refuses what it cannot do.
 */
export const useIntegrationState = (): IntegrationState => {
  const { data } = useIntegration(undefined, FRESH);
  return {
    unavailable: data?.available === false,
    personalConnectionsAllowed: data?.personalConnectionsAllowed ?? true,
    downloadsEnabled: data?.downloadsEnabled ?? true,
    rejectDiscouragedCharacters: data?.rejectDiscouragedCharacters ?? true,
  };
};
