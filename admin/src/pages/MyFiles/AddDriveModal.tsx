import {
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Modal,
  Tabs,
  Typography,
} from '@strapi/design-system';
import { Cloud, Globe } from '@strapi/icons';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { BASE, useExternalDrivesApi } from '../../api/useExternalDrivesApi';
import { useDriveAbilities } from '../../hooks/useDriveAbilities';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';
import { PLUGIN_ID } from '../../pluginId';

interface AddDriveModalProps {
  open: boolean;
  onClose(): void;
}

/**
 * "Add external drive": organisation (SharePoint) drives are added by drive managers in the
 * settings; a personal OneDrive is connected by signing in with Microsoft.
 */
export const AddDriveModal = ({ open, onClose }: AddDriveModalProps) => {
  const t = useT();
  const navigate = useNavigate();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const { canManage } = useDriveAbilities(undefined);
  const [isConnecting, setIsConnecting] = useState(false);

  /** The server answers with Microsoft's sign-in URL; the callback brings the user back here. */
  const connectMyAccount = async () => {
    setIsConnecting(true);
    try {
      const answer = await api.authorizedFetch(`${BASE}/connections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: 'onedrive', returnTo: window.location.href }),
      });
      window.location.assign((answer.data as { authorizationUrl: string }).authorizationUrl);
    } catch (error) {
      reportError(error);
      setIsConnecting(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('add.title', 'Add external drive')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Tabs.Root defaultValue="sharepoint">
            <Tabs.List aria-label={t('add.kind', 'Kind of drive')}>
              <Tabs.Trigger value="sharepoint">
                <Flex gap={2}>
                  <Globe aria-hidden />
                  {t('kind.sharepoint', 'SharePoint')}
                </Flex>
              </Tabs.Trigger>
              <Tabs.Trigger value="onedrive">
                <Flex gap={2}>
                  <Cloud aria-hidden />
                  {t('kind.onedrive', 'OneDrive')}
                </Flex>
              </Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="sharepoint">
              <Box paddingTop={4}>
                <EmptyStateLayout
                  icon={<Globe width="6rem" height="6rem" />}
                  content={t(
                    'add.platformExplanation',
                    'Organisation drives (SharePoint document libraries) are added by an administrator for your roles. They appear in My Files as soon as they are added.'
                  )}
                  action={
                    canManage ? (
                      <Button
                        variant="secondary"
                        onClick={() => navigate(`/settings/${PLUGIN_ID}`)}
                      >
                        {t('add.openSettings', 'Add an organisation drive in Settings')}
                      </Button>
                    ) : undefined
                  }
                />
              </Box>
            </Tabs.Content>
            <Tabs.Content value="onedrive">
              <Box paddingTop={4}>
                <Flex direction="column" gap={4} alignItems="stretch">
                  <Typography>
                    {t(
                      'add.personalExplanation',
                      'Connect your own OneDrive: sign in with Microsoft, then your drive is synced here. Only you see it.'
                    )}
                  </Typography>
                  <Box>
                    <Button
                      startIcon={<Cloud />}
                      loading={isConnecting}
                      onClick={() => void connectMyAccount()}
                    >
                      {t('add.connectMyAccount', 'Connect my account')}
                    </Button>
                  </Box>
                </Flex>
              </Box>
            </Tabs.Content>
          </Tabs.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
