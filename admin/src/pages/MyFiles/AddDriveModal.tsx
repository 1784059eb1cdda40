import {
  Box,
  Button,
  Divider,
  Flex,
  Modal,
  Tabs,
  TextButton,
  Typography,
} from '@strapi/design-system';
import { Cloud, Globe, WarningCircle } from '@strapi/icons';
import { useNavigate } from 'react-router-dom';
import type { Drive, DriveKind } from '../../api/types';
import { DriveKindIcon } from '../../components/DriveKindIcon';
import { IntegrationUnavailableNote } from '../../components/IntegrationUnavailableBanner';
import { FRESH } from '../../api/externalDrivesApi';
import { usePersonalConnections } from '../../api/resources/connections';
import { useDriveAbilities } from '../../hooks/useDriveAbilities';
import { useIntegrationState } from '../../hooks/useIntegrationState';
import { useQueryErrorReport } from '../../hooks/useQueryErrorReport';
import { useT } from '../../hooks/useT';
import { PLUGIN_ID } from '../../../../shared/plugin';
import { useMicrosoftSignIn } from './sign-in/useMicrosoftSignIn';
import { ModalCloseFooter } from '../../components/ModalActions';

interface AddDriveModalProps {
  open: boolean;
  initialKind?: DriveKind;
  /** The organisation drives the user's roles already see, offered first. */
  organisationDrives: Drive[];
  onClose(): void;
  /** Pick a SharePoint library with an account already signed in (no new sign-in needed). */
  onPickLibrary(accountId: number): void;
}

/**
 * "Add external drive". SharePoint: organisation drives are added by drive managers in Settings;
 * a library can also be connected with the user's own Microsoft account. OneDrive: the user's own
 * drive, by signing in with Microsoft.
 */
export const AddDriveModal = ({
  open,
  initialKind = 'sharepoint',
  organisationDrives,
  onClose,
  onPickLibrary,
}: AddDriveModalProps) => {
  const t = useT();
  const navigate = useNavigate();
  const { canManage } = useDriveAbilities(undefined);
  const signIn = useMicrosoftSignIn();
  const connections = usePersonalConnections(undefined, { ...FRESH, skip: !open });
  useQueryErrorReport(connections.error);
  const signedIn = (connections.data?.data ?? []).filter(
    (account) => account.status === 'connected'
  );
  // Offered only when the server would accept it; it refuses anyway when it would not.
  const integration = useIntegrationState();
  const personalAllowed = (connections.data?.meta.allowed ?? false) && !integration.unavailable;

  // Off because the integration is: the personal-connections switch is not what to blame.
  const personalOff = integration.unavailable ? (
    <IntegrationUnavailableNote />
  ) : (
    connections.data &&
    !personalAllowed && (
      <Typography textColor="neutral600" data-testid="personal-off">
        {t(
          'add.personalOff',
          'Connecting your own Microsoft account is turned off by your administrator.'
        )}
      </Typography>
    )
  );

  // After the server refused: said where the buttons are, the notification being gone by then.
  const unavailable = signIn.unavailable && (
    <Flex gap={2} alignItems="flex-start" data-testid="personal-unavailable">
      <WarningCircle fill="warning600" aria-hidden />
      <Typography textColor="warning700">
        {signIn.unavailable.message}. {signIn.unavailable.nextStep ?? ''}
      </Typography>
    </Flex>
  );

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('add.title', 'Add external drive')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Tabs.Root defaultValue={initialKind}>
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
              <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                <Typography variant="delta" tag="h3">
                  {t('add.organisationTitle', 'Organisation drives')}
                </Typography>
                <Typography textColor="neutral600">
                  {t(
                    'add.platformExplanation',
                    'Organisation drives (SharePoint document libraries) are added by an administrator for your roles. They appear in My Files as soon as they are added.'
                  )}
                </Typography>
                {organisationDrives.length > 0 ? (
                  <Flex
                    direction="column"
                    alignItems="flex-start"
                    gap={2}
                    tag="ul"
                    aria-label={t('add.organisationTitle', 'Organisation drives')}
                  >
                    {organisationDrives.map((drive) => (
                      <Flex key={drive.id} tag="li" gap={2}>
                        <DriveKindIcon
                          kind={drive.kind}
                          label={t('kind.sharepoint', 'SharePoint')}
                        />
                        <TextButton
                          onClick={() => {
                            onClose();
                            navigate(`drives/${drive.id}`);
                          }}
                        >
                          {t('add.openOrganisationDrive', 'Open {name}', { name: drive.name })}
                        </TextButton>
                      </Flex>
                    ))}
                  </Flex>
                ) : (
                  <Typography textColor="neutral800" data-testid="no-organisation-drives">
                    {t(
                      'add.noOrganisationDrives',
                      'Your administrator has not configured platform-level connections for your roles yet.'
                    )}
                  </Typography>
                )}
                {canManage && (
                  <Box>
                    <Button variant="secondary" onClick={() => navigate(`/settings/${PLUGIN_ID}`)}>
                      {t('add.openSettings', 'Add an organisation drive in Settings')}
                    </Button>
                  </Box>
                )}
                {personalAllowed && (
                  <>
                    <Divider />
                    <Typography variant="delta" tag="h3">
                      {t('add.ownLibraryTitle', 'A library you can open yourself')}
                    </Typography>
                    <Typography textColor="neutral600">
                      {t(
                        'add.sharepointPersonalExplanation',
                        'Sign in with Microsoft, then pick a site and one of its document libraries. Strapi reaches it with your own access, and only you see it here.'
                      )}
                    </Typography>
                    {unavailable}
                    <Flex gap={2} wrap="wrap">
                      <Button
                        startIcon={<Globe />}
                        loading={signIn.starting?.kind === 'sharepoint'}
                        disabled={signIn.starting !== null}
                        onClick={() => void signIn.start({ kind: 'sharepoint' })}
                      >
                        {t(
                          'add.connectSharePoint',
                          'Connect a SharePoint library with my Microsoft account'
                        )}
                      </Button>
                      {signedIn.map((account) => (
                        <Button
                          key={account.id}
                          variant="secondary"
                          disabled={signIn.starting !== null}
                          onClick={() => {
                            onClose();
                            onPickLibrary(account.id);
                          }}
                        >
                          {t('add.pickWithAccount', 'Pick a library as {account}', {
                            account: account.displayName ?? account.username ?? '',
                          })}
                        </Button>
                      ))}
                    </Flex>
                  </>
                )}
              </Flex>
            </Tabs.Content>
            <Tabs.Content value="onedrive">
              <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                <Typography>
                  {t(
                    'add.personalExplanation',
                    'Connect your own OneDrive: sign in with Microsoft, then your drive is synced here. Only you see it.'
                  )}
                </Typography>
                {unavailable}
                {personalAllowed ? (
                  <Box>
                    <Button
                      startIcon={<Cloud />}
                      loading={signIn.starting?.kind === 'onedrive'}
                      disabled={signIn.starting !== null}
                      onClick={() => void signIn.start({ kind: 'onedrive' })}
                    >
                      {t('add.connectMyAccount', 'Connect my account')}
                    </Button>
                  </Box>
                ) : (
                  personalOff
                )}
              </Flex>
            </Tabs.Content>
          </Tabs.Root>
        </Modal.Body>
        <ModalCloseFooter />
      </Modal.Content>
    </Modal.Root>
  );
};
