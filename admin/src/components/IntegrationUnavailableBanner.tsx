import { Alert, Box, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useState } from 'react';
import { standardError } from '../api/describeError';
import { useT } from '../hooks/useT';

/**
 * Said on every My Files page while the integration is unavailable, before the user acts: the
 * synced copy can still be browsed, but syncing and changing files wait for an administrator.
 */
export const IntegrationUnavailableBanner = () => {
  const t = useT();
  // Closed for this visit of the page only: it is back on the next one while the cause remains.
  const [closed, setClosed] = useState(false);
  if (closed) return null;
  const { message, nextStep } = standardError('integrationNotAvailable', t);
  return (
    <Box paddingBottom={4} data-testid="integration-unavailable">
      <Alert
        variant="warning"
        closeLabel={t('common.close', 'Close')}
        onClose={() => setClosed(true)}
        title={message}
      >
        {nextStep}{' '}
        {t(
          'integration.unavailable.body',
          'Until then you can browse the files synced so far, but not sync or change them.'
        )}
      </Alert>
    </Box>
  );
};

/** The same, said in place of a Connect button (Add drive's tabs) instead of a switch's wording. */
export const IntegrationUnavailableNote = () => {
  const t = useT();
  const { message, nextStep } = standardError('integrationNotAvailable', t);
  return (
    <Flex gap={2} alignItems="flex-start" data-testid="integration-unavailable-note">
      <WarningCircle fill="warning600" aria-hidden />
      <Typography textColor="warning700">
        {message}. {nextStep}
      </Typography>
    </Flex>
  );
};
