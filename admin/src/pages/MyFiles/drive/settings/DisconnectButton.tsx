import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useRemoveDrive } from '../../../../api/resources/drives';
import type { Drive } from '../../../../api/types';
import { useReportError } from '../../../../hooks/useReportError';
import { useT } from '../../../../hooks/useT';

/** Disconnect, once confirmed: Strapi forgets the drive, Microsoft 365 keeps every file. */
export const DisconnectButton = ({
  drive,
  onDisconnected,
}: {
  drive: Drive;
  onDisconnected(): void;
}) => {
  const t = useT();
  const reportError = useReportError();
  const [removeDrive] = useRemoveDrive();
  const [isConfirming, setIsConfirming] = useState(false);

  const disconnect = async () => {
    try {
      await removeDrive(drive.id).unwrap();
      onDisconnected();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Dialog.Root open={isConfirming} onOpenChange={setIsConfirming}>
      <Dialog.Trigger>
        <Button variant="danger-light" startIcon={<Trash />}>
          {t('driveSettings.disconnect', 'Disconnect')}
        </Button>
      </Dialog.Trigger>
      <ConfirmDialog
        title={t('driveSettings.disconnectTitle', 'Disconnect {name}?', {
          name: drive.name,
        })}
        variant="danger"
        onConfirm={disconnect}
      >
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography>
            {t(
              'driveSettings.disconnectBody',
              'Strapi forgets this drive and its synced details. Nothing is deleted in Microsoft 365: the files and folders stay where they are.'
            )}
          </Typography>
          {drive.scope === 'personal' && (
            <Typography textColor="neutral600">
              {t(
                'driveSettings.disconnectPersonal',
                'Your Microsoft account is signed out of Strapi once none of your drives uses it.'
              )}
            </Typography>
          )}
        </Flex>
      </ConfirmDialog>
    </Dialog.Root>
  );
};
