import { Box, Button, EmptyStateLayout, Flex, Typography } from '@strapi/design-system';
import { DriveScopeText } from '../../components/DriveScopeText';
import { Folder, Plus } from '@strapi/icons';
import { Layouts, Page, Table } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { DriveKind } from '../../api/types';
import { FRESH } from '../../api/externalDrivesApi';
import { usePersonalConnections } from '../../api/resources/connections';
import { isDriveBusy, useDrives, usePolledDrives } from '../../api/resources/drives';
import { DriveKindIcon } from '../../components/DriveKindIcon';
import { DriveLastSync } from '../../components/DriveLastSync';
import { DriveStatusText } from '../../components/DriveStatusText';
import { IntegrationUnavailableBanner } from '../../components/IntegrationUnavailableBanner';
import { SyncModeBadge } from '../../components/SyncModeBadge';
import { useIntegrationState } from '../../hooks/useIntegrationState';
import { useQueryErrorReport } from '../../hooks/useQueryErrorReport';
import { useT } from '../../hooks/useT';
import { AddDriveModal } from './AddDriveModal';
import { ConnectedAccounts } from './ConnectedAccounts';
import { LibraryPickerModal } from './sign-in/LibraryPickerModal';
import { useMicrosoftSignIn } from './sign-in/useMicrosoftSignIn';
import { useSignInReturn } from './sign-in/useSignInReturn';

/**
 * My Files: the drives the user may open, with their state, the way to add one, and the return
 * from Microsoft's sign-in (see useSignInReturn).
 */
export const DriveListPage = () => {
  const t = useT();
  const navigate = useNavigate();
  const [adding, setAdding] = useState<DriveKind | null>(null);
  const signInReturn = useSignInReturn();
  const reconnect = useMicrosoftSignIn();
  const drives = useDrives(undefined, FRESH);
  const connections = usePersonalConnections(undefined, FRESH);
  useQueryErrorReport(drives.error);
  useQueryErrorReport(connections.error);
  const integration = useIntegrationState();
  const personalAllowed = (connections.data?.meta.allowed ?? false) && !integration.unavailable;
  const rows = drives.data ?? [];
  usePolledDrives(rows.some(isDriveBusy) ? 3000 : 0);

  const title = t('menu.myFiles', 'My Files');
  const headers = [
    { name: 'name', label: t('drives.column.name', 'Drive') },
    { name: 'site', label: t('drives.column.site', 'Site') },
    { name: 'status', label: t('drives.column.status', 'Status') },
    { name: 'lastSync', label: t('drives.column.lastSync', 'Last sync') },
  ];

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t('myFiles.subtitle', 'SharePoint and OneDrive files, synced into Strapi')}
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => setAdding('sharepoint')}>
            {t('drives.add', 'Add external drive')}
          </Button>
        }
      />
      <Layouts.Content>
        {integration.unavailable && <IntegrationUnavailableBanner />}
        {!drives.isLoading && connections.data && rows.length === 0 ? (
          <EmptyStateLayout
            icon={<Folder width="16rem" height="8rem" />}
            content={
              personalAllowed
                ? t(
                    'drives.empty',
                    'Your administrator has not configured platform-level connections for your roles yet. You can connect your own OneDrive or a SharePoint library with your Microsoft account.'
                  )
                : t(
                    'drives.emptyNoPersonal',
                    'Your administrator has not configured platform-level connections for your roles yet.'
                  )
            }
            action={
              personalAllowed && (
                <Button
                  variant="secondary"
                  startIcon={<Plus />}
                  onClick={() => setAdding('onedrive')}
                >
                  {t('drives.connectOwn', 'Connect my own drive')}
                </Button>
              )
            }
          />
        ) : (
          <Table.Root rows={rows} headers={headers} isLoading={drives.isLoading && !drives.data}>
            <Table.Content>
              <Table.Head>
                {headers.map((header) => (
                  <Table.HeaderCell key={header.name} {...header} />
                ))}
              </Table.Head>
              <Table.Loading />
              <Table.Body>
                {rows.map((drive) => (
                  <Table.Row
                    key={drive.id}
                    onClick={() => navigate(`drives/${drive.id}`)}
                    style={{ cursor: 'pointer' }}
                    data-drive={drive.name}
                  >
                    <Table.Cell>
                      <Flex gap={3}>
                        <DriveKindIcon
                          kind={drive.kind}
                          label={
                            drive.kind === 'onedrive'
                              ? t('kind.onedrive', 'OneDrive')
                              : t('kind.sharepoint', 'SharePoint')
                          }
                        />
                        <Typography fontWeight="semiBold" textColor="neutral800">
                          <a
                            href={`drives/${drive.id}`}
                            onClick={(event) => {
                              event.preventDefault();
                              navigate(`drives/${drive.id}`);
                            }}
                            style={{ color: 'inherit', textDecoration: 'none' }}
                          >
                            {drive.name}
                          </a>
                        </Typography>
                        <DriveScopeText drive={drive} />
                      </Flex>
                    </Table.Cell>
                    <Table.Cell>
                      <Typography textColor="neutral600">
                        {drive.kind === 'onedrive'
                          ? t('kind.personalDrive', 'Personal OneDrive')
                          : (drive.siteName ?? '—')}
                      </Typography>
                    </Table.Cell>
                    <Table.Cell>
                      <DriveStatusText
                        drive={drive}
                        // Only the owner of a personal drive can sign in again for it.
                        onReconnect={
                          drive.scope === 'personal'
                            ? () =>
                                void reconnect.start({
                                  kind: drive.kind,
                                  reconnectDriveId: drive.id,
                                })
                            : undefined
                        }
                        isReconnecting={reconnect.starting?.reconnectDriveId === drive.id}
                        reconnectDisabled={integration.unavailable}
                      />
                    </Table.Cell>
                    <Table.Cell>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        <DriveLastSync drive={drive} />
                        <SyncModeBadge drive={drive} />
                      </Flex>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Content>
          </Table.Root>
        )}
        <ConnectedAccounts accounts={connections.data?.data ?? []} />
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'drives.footnote',
              'Files stay in Microsoft 365; Strapi keeps a synced copy of their names and details.'
            )}
          </Typography>
        </Box>
      </Layouts.Content>
      <AddDriveModal
        open={adding !== null}
        initialKind={adding ?? undefined}
        organisationDrives={rows.filter((drive) => drive.scope === 'platform')}
        onClose={() => setAdding(null)}
        onPickLibrary={signInReturn.setPickingAccountId}
      />
      <LibraryPickerModal
        accountId={signInReturn.pickingAccountId}
        onClose={() => signInReturn.setPickingAccountId(null)}
        onAdded={signInReturn.libraryAdded}
      />
    </Page.Main>
  );
};
