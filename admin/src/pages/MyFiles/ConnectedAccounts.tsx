import { Badge, Box, Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { SignOut, User } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState } from 'react';
import type { ConnectedAccount } from '../../../../shared/contracts/connections';
import { useRemoveAccount } from '../../api/resources/connections';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';

interface ConnectedAccountsProps {
  accounts: ConnectedAccount[];
}

const accountName = (account: ConnectedAccount) =>
  account.displayName && account.username
    ? `${account.displayName} (${account.username})`
    : (account.displayName ?? account.username ?? `#${account.id}`);

/**
 * The Microsoft accounts the user signed in with for personal drives, and signing one out of
 * Strapi: its drives leave Strapi, nothing is deleted in Microsoft 365.
 */
export const ConnectedAccounts = ({ accounts }: ConnectedAccountsProps) => {
  const t = useT();
  const [removeAccount] = useRemoveAccount();
  const reportError = useReportError();
  const [signingOut, setSigningOut] = useState<ConnectedAccount | null>(null);

  if (accounts.length === 0) return null;

  const signOut = async () => {
    const account = signingOut;
    setSigningOut(null);
    if (!account) return;
    try {
      // The accounts and the drive list refresh through the cache.
      await removeAccount(account.id).unwrap();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} marginTop={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Box>
          <Typography variant="delta" tag="h2">
            {t('accounts.title', 'Your Microsoft accounts')}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t(
              'accounts.subtitle',
              'The accounts you signed in with to connect your own drives. Only you see them.'
            )}
          </Typography>
        </Box>
        <Flex direction="column" alignItems="stretch" gap={2} tag="ul">
          {accounts.map((account) => (
            <Flex
              key={account.id}
              tag="li"
              justifyContent="space-between"
              gap={4}
              data-account={account.username ?? account.id}
            >
              <Flex gap={3}>
                <User aria-hidden />
                <Typography fontWeight="semiBold">{accountName(account)}</Typography>
                <Badge variant={account.status === 'connected' ? 'success' : 'danger'}>
                  {account.status === 'connected'
                    ? t('accounts.connected', 'Signed in')
                    : t('accounts.authRequired', 'Sign-in needed')}
                </Badge>
                <Typography textColor="neutral600">
                  {t('accounts.driveCount', '{count, plural, one {# drive} other {# drives}}', {
                    count: account.driveCount,
                  })}
                </Typography>
              </Flex>
              <Button
                variant="tertiary"
                startIcon={<SignOut />}
                onClick={() => setSigningOut(account)}
              >
                {t('accounts.signOut', 'Sign out')}
              </Button>
            </Flex>
          ))}
        </Flex>
      </Flex>
      <Dialog.Root
        open={signingOut !== null}
        onOpenChange={(isOpen: boolean) => !isOpen && setSigningOut(null)}
      >
        <ConfirmDialog
          title={t('accounts.signOutTitle', 'Sign {name} out of Strapi?', {
            name: signingOut ? accountName(signingOut) : '',
          })}
          variant="danger"
          onConfirm={signOut}
        >
          {t(
            'accounts.signOutBody',
            '{count, plural, =0 {Strapi forgets this sign-in.} one {Its drive is removed from Strapi.} other {Its # drives are removed from Strapi.}} Nothing is deleted in Microsoft 365.',
            { count: signingOut?.driveCount ?? 0 }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Box>
  );
};
