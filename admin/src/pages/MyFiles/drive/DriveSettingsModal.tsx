import {
  Badge,
  Box,
  Button,
  Dialog,
  Flex,
  Modal,
  Table as DSTable,
  Tabs,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Key, Trash } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { translateError } from '../../../api/describeError';
import type { Drive } from '../../../api/types';
import { useExternalDrivesApi } from '../../../api/useExternalDrivesApi';
import { DriveStatusText } from '../../../components/DriveStatusText';
import { ProgressLine } from '../../../components/ProgressLine';
import { SyncModeBadge, useSyncModeExplanation } from '../../../components/SyncModeBadge';
import { useLoad } from '../../../hooks/useLoad';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';

interface DriveSettingsModalProps {
  drive: Drive;
  open: boolean;
  canDisconnect: boolean;
  onClose(): void;
  onSyncRequested(): void;
  /** Signing in with Microsoft again; only for personal drives. */
  onReconnect?: () => void;
  isReconnecting?: boolean;
  onDisconnected(): void;
}

const RUN_BADGE = {
  succeeded: 'success',
  failed: 'danger',
  running: 'primary',
  queued: 'neutral',
} as const;

/** The gear of a drive: Sync Now with progress, the history of runs and of file operations, reconnect, disconnect. */
export const DriveSettingsModal = ({
  drive,
  open,
  canDisconnect,
  onClose,
  onSyncRequested,
  onReconnect,
  isReconnecting,
  onDisconnected,
}: DriveSettingsModalProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const [isConfirming, setIsConfirming] = useState(false);
  const [tab, setTab] = useState('sync');
  const explainSyncMode = useSyncModeExplanation();
  const isSyncing = drive.status === 'syncing' || Boolean(drive.progress);
  const runs = useLoad(
    () => (open && tab === 'history' ? api.listRuns(drive.id) : Promise.resolve([])),
    [api, drive.id, open, tab, isSyncing]
  );
  const activity = useLoad(
    () => (open && tab === 'activity' ? api.listActivity(drive.id) : Promise.resolve([])),
    [api, drive.id, open, tab]
  );
  const when = (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

  const syncNow = async () => {
    try {
      await api.requestSync(drive.id);
      onSyncRequested();
    } catch (error) {
      reportError(error);
    }
  };

  const disconnect = async () => {
    try {
      await api.removeDrive(drive.id);
      onDisconnected();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('driveSettings.title', 'Settings of {name}', { name: drive.name })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Tabs.Root value={tab} onValueChange={setTab}>
            <Tabs.List aria-label={t('driveSettings.tabs', 'Drive settings')}>
              <Tabs.Trigger value="sync">{t('driveSettings.sync', 'Sync')}</Tabs.Trigger>
              <Tabs.Trigger value="history">{t('driveSettings.history', 'History')}</Tabs.Trigger>
              <Tabs.Trigger value="activity">
                {t('driveSettings.activity', 'Activity')}
              </Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="sync">
              <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                <DriveStatusText drive={drive} />
                {isSyncing && drive.progress?.percent != null && (
                  <ProgressLine
                    value={drive.progress.percent}
                    label={t('driveSettings.progress', 'Sync progress')}
                  />
                )}
                <Flex direction="column" alignItems="flex-start" gap={2}>
                  <SyncModeBadge drive={drive} />
                  <Typography variant="pi" textColor="neutral600">
                    {explainSyncMode(drive)}
                  </Typography>
                </Flex>
                <Typography textColor="neutral600">
                  {t('driveSettings.lastSync', 'Last successful sync: {when}', {
                    when: when(drive.lastSuccessfulSyncAt),
                  })}
                </Typography>
                <Typography textColor="neutral600">
                  {t(
                    'driveSettings.itemCount',
                    '{count, plural, one {# item} other {# items}} synced',
                    {
                      count: drive.itemCount ?? 0,
                    }
                  )}
                </Typography>
                <Flex gap={2}>
                  <Button
                    startIcon={<ArrowClockwise />}
                    loading={isSyncing}
                    onClick={() => void syncNow()}
                  >
                    {isSyncing
                      ? t('status.syncing', 'Syncing…')
                      : t('driveSettings.syncNow', 'Sync Now')}
                  </Button>
                  {onReconnect && (
                    <Button
                      variant={drive.status === 'auth_required' ? 'default' : 'secondary'}
                      startIcon={<Key />}
                      loading={isReconnecting}
                      onClick={onReconnect}
                    >
                      {t('driveSettings.reconnect', 'Reconnect')}
                    </Button>
                  )}
                </Flex>
              </Flex>
            </Tabs.Content>
            <Tabs.Content value="history">
              <Box paddingTop={4}>
                <DSTable colCount={5} rowCount={(runs.data?.length ?? 0) + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('runs.started', 'Started')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('runs.trigger', 'Trigger')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('runs.status', 'Result')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">
                          {t('runs.changes', 'Added / updated / deleted')}
                        </Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('runs.error', 'Error')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {(runs.data ?? []).map((run) => (
                      <Tr key={run.id}>
                        <Td>
                          <Typography>{when(run.startedAt)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{t(`runs.trigger.${run.trigger}`, run.trigger)}</Typography>
                        </Td>
                        <Td>
                          <Badge variant={RUN_BADGE[run.status] ?? 'neutral'}>
                            {t(`runs.status.${run.status}`, run.status)}
                          </Badge>
                        </Td>
                        <Td>
                          <Typography>
                            {run.itemsAdded} / {run.itemsUpdated} / {run.itemsDeleted}
                          </Typography>
                        </Td>
                        <Td>
                          <Typography textColor="danger600">
                            {run.error ? translateError(run.error, t).message : ''}
                          </Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </DSTable>
                {!runs.isLoading && runs.data?.length === 0 && (
                  <Box padding={4}>
                    <Typography textColor="neutral600">{t('runs.empty', 'No sync yet')}</Typography>
                  </Box>
                )}
              </Box>
            </Tabs.Content>
            <Tabs.Content value="activity">
              <Box paddingTop={4}>
                <DSTable colCount={4} rowCount={(activity.data?.length ?? 0) + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('activity.when', 'When')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('activity.who', 'Who')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('activity.what', 'What')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('activity.result', 'Result')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {(activity.data ?? []).map((entry) => (
                      <Tr key={entry.id}>
                        <Td>
                          <Typography>{when(entry.occurredAt)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{entry.userName ?? '—'}</Typography>
                        </Td>
                        <Td>
                          <Typography>
                            {t(`activity.action.${entry.action}`, entry.action)}{' '}
                            {entry.itemName ?? ''}
                          </Typography>
                        </Td>
                        <Td>
                          <Badge variant={entry.result === 'succeeded' ? 'success' : 'danger'}>
                            {t(`activity.result.${entry.result}`, entry.result)}
                          </Badge>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </DSTable>
                {!activity.isLoading && activity.data?.length === 0 && (
                  <Box padding={4}>
                    <Typography textColor="neutral600">
                      {t('activity.empty', 'No file operations from Strapi yet')}
                    </Typography>
                  </Box>
                )}
              </Box>
            </Tabs.Content>
          </Tabs.Root>
        </Modal.Body>
        <Modal.Footer>
          {canDisconnect ? (
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
          ) : (
            <span />
          )}
          <Modal.Close>
            <Button variant="tertiary">{t('common.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
