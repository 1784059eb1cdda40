import { Box, Button, Dialog, Flex, IconButton, Modal, Typography } from '@strapi/design-system';
import { DriveScopeText } from '../../components/DriveScopeText';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Table } from '@strapi/strapi/admin';
import { useState } from 'react';
import type { AdminRole, Drive, DriveRole } from '../../api/types';
import { FRESH } from '../../api/externalDrivesApi';
import {
  isDriveBusy,
  useDrives,
  usePolledDrives,
  useRemoveDrive,
  useUpdateDrive,
} from '../../api/resources/drives';
import { useAdminRoles } from '../../api/resources/settings';
import { DriveStatusText } from '../../components/DriveStatusText';
import { useQueryErrorReport } from '../../hooks/useQueryErrorReport';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';
import { AddPlatformDriveModal } from './AddPlatformDriveModal';
import { RolesEditor } from './RolesEditor';
import { DriveLinkScopeField } from './DriveLinkScopeField';
import type { DriveLinkScope } from '../../../../shared/contracts/sharing-links';
import { ModalActions } from '../../components/ModalActions';

/** The organisation's SharePoint libraries and the roles that see them. */
export const PlatformDrives = ({ canManage }: { canManage: boolean }) => {
  const t = useT();
  const reportError = useReportError();
  const drives = useDrives(undefined, FRESH);
  useQueryErrorReport(drives.error);
  const rows = (drives.data ?? []).filter((drive) => drive.scope === 'platform');
  usePolledDrives(rows.some(isDriveBusy) ? 3000 : 0);
  const adminRoles = useAdminRoles(undefined, { ...FRESH, skip: !canManage });
  useQueryErrorReport(adminRoles.error);
  const roles: AdminRole[] = adminRoles.data ?? [];
  const [updateDrive] = useUpdateDrive();
  const [removeDrive] = useRemoveDrive();
  const [isAdding, setIsAdding] = useState(false);
  const [editing, setEditing] = useState<Drive | null>(null);
  const [grants, setGrants] = useState<DriveRole[]>([]);
  const [linkScope, setLinkScope] = useState<DriveLinkScope>('organization');
  const [removing, setRemoving] = useState<Drive | null>(null);

  const roleNames = (drive: Drive) =>
    (drive.roles ?? [])
      .map((grant) => {
        const role =
          roles.find((candidate) => candidate.id === grant.roleId)?.name ?? `#${grant.roleId}`;
        return grant.access === 'write'
          ? t('platform.roleWrite', '{role} (read-write)', { role })
          : t('platform.roleRead', '{role} (read-only)', { role });
      })
      .join(', ') || t('platform.noRoles', 'Drive managers only');

  // Granted, yet their users see nothing: the role lacks "Use My Files" (Settings > Roles).
  const grantedWithoutMyFiles = (drive: Drive) =>
    (drive.roles ?? [])
      .map((grant) => roles.find((role) => role.id === grant.roleId))
      .filter((role): role is AdminRole => Boolean(role && !role.canUseMyFiles))
      .map((role) => role.name)
      .join(', ');

  const saveRoles = async () => {
    if (!editing) return;
    try {
      await updateDrive({ driveId: editing.id, roles: grants, linkScope }).unwrap();
      setEditing(null);
    } catch (error) {
      reportError(error);
    }
  };

  const remove = async () => {
    if (!removing) return;
    try {
      await removeDrive(removing.id).unwrap();
    } catch (error) {
      reportError(error);
    } finally {
      setRemoving(null);
    }
  };

  const headers = [
    { name: 'name', label: t('platform.column.name', 'Drive') },
    { name: 'site', label: t('platform.column.site', 'Site') },
    { name: 'roles', label: t('platform.column.roles', 'Roles') },
    { name: 'status', label: t('platform.column.status', 'Status') },
    { name: 'actions', label: t('items.column.actions', 'Actions') },
  ];

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between">
          <Box>
            <Typography variant="delta" tag="h2">
              {t('platform.title', 'Organisation drives')}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {t(
                'platform.subtitle',
                'SharePoint document libraries shown in My Files to the roles you choose.'
              )}
            </Typography>
          </Box>
          {canManage && (
            <Button startIcon={<Plus />} onClick={() => setIsAdding(true)}>
              {t('platform.add', 'Add drive')}
            </Button>
          )}
        </Flex>
        <Table.Root rows={rows} headers={headers} isLoading={drives.isLoading && !drives.data}>
          <Table.Content>
            <Table.Head>
              {headers.map((header) => (
                <Table.HeaderCell key={header.name} {...header} />
              ))}
            </Table.Head>
            <Table.Loading />
            <Table.Empty content={t('platform.empty', 'No organisation drive yet.')} />
            <Table.Body>
              {rows.map((drive) => (
                <Table.Row key={drive.id} data-drive={drive.name}>
                  <Table.Cell>
                    <Typography fontWeight="semiBold">{drive.name}</Typography>
                    <DriveScopeText drive={drive} />
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral600">{drive.siteName ?? '—'}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral600">{roleNames(drive)}</Typography>
                    {grantedWithoutMyFiles(drive) && (
                      <Typography variant="pi" textColor="warning700" tag="p">
                        {t(
                          'platform.rolesWithoutMyFiles',
                          'No “Use My Files”, so no access: {roles}',
                          {
                            roles: grantedWithoutMyFiles(drive),
                          }
                        )}
                      </Typography>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <DriveStatusText drive={drive} />
                  </Table.Cell>
                  <Table.Cell>
                    {canManage && (
                      <Flex gap={1} justifyContent="flex-end">
                        <IconButton
                          variant="ghost"
                          label={t('platform.editRoles', 'Edit the roles of {name}', {
                            name: drive.name,
                          })}
                          onClick={() => {
                            setGrants(drive.roles ?? []);
                            setLinkScope(drive.linkScope ?? 'organization');
                            setEditing(drive);
                          }}
                        >
                          <Pencil />
                        </IconButton>
                        <IconButton
                          variant="ghost"
                          label={t('platform.remove', 'Remove {name}', { name: drive.name })}
                          onClick={() => setRemoving(drive)}
                        >
                          <Trash />
                        </IconButton>
                      </Flex>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Content>
        </Table.Root>
      </Flex>

      <AddPlatformDriveModal open={isAdding} roles={roles} onClose={() => setIsAdding(false)} />
      <Modal.Root
        open={editing !== null}
        onOpenChange={(isOpen: boolean) => !isOpen && setEditing(null)}
      >
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>
              {t('platform.editRoles', 'Edit the roles of {name}', { name: editing?.name ?? '' })}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <RolesEditor roles={roles} value={grants} onChange={setGrants} />
            <Box paddingTop={4}>
              <DriveLinkScopeField value={linkScope} onChange={setLinkScope} />
            </Box>
          </Modal.Body>
          <ModalActions>
            <Button onClick={() => void saveRoles()}>{t('common.save', 'Save')}</Button>
          </ModalActions>
        </Modal.Content>
      </Modal.Root>
      <Dialog.Root
        open={removing !== null}
        onOpenChange={(isOpen: boolean) => !isOpen && setRemoving(null)}
      >
        <ConfirmDialog
          title={t('platform.removeTitle', 'Remove {name}?', { name: removing?.name ?? '' })}
          variant="danger"
          onConfirm={remove}
        >
          {t(
            'driveSettings.disconnectBody',
            'Strapi forgets this drive and its synced details. Nothing is deleted in Microsoft 365: the files and folders stay where they are.'
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Box>
  );
};
