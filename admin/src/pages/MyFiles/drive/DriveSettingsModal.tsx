import { Button, Modal, Tabs } from '@strapi/design-system';
import { useState } from 'react';
import type { Drive } from '../../../api/types';
import { useT } from '../../../hooks/useT';
import { ActivityTable } from './settings/ActivityTable';
import { ColumnsTab } from './settings/ColumnsTab';
import { DisconnectButton } from './settings/DisconnectButton';
import { RunsTable } from './settings/RunsTable';
import { SyncTab } from './settings/SyncTab';

interface DriveSettingsModalProps {
  drive: Drive;
  open: boolean;
  canDisconnect: boolean;
  onClose(): void;
  onSyncRequested(): void;
  /** Signing in with Microsoft again; only for personal drives. */
  onReconnect?: () => void;
  isReconnecting?: boolean;
  /** The integration is unavailable: Sync Now and Reconnect are disabled. */
  offline: boolean;
  onDisconnected(): void;
}

/** The gear of a drive: Sync Now with progress, the history of runs and of file operations, reconnect, disconnect. */
export const DriveSettingsModal = ({
  drive,
  open,
  canDisconnect,
  onClose,
  onSyncRequested,
  onReconnect,
  isReconnecting,
  offline,
  onDisconnected,
}: DriveSettingsModalProps) => {
  const t = useT();
  const [tab, setTab] = useState('sync');
  const isSyncing = drive.status === 'syncing' || Boolean(drive.progress);

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
              {/* Who may disconnect a drive may choose its columns (drive managers, owners). */}
              {canDisconnect && (
                <Tabs.Trigger value="columns">{t('driveSettings.columns', 'Columns')}</Tabs.Trigger>
              )}
            </Tabs.List>
            <Tabs.Content value="sync">
              <SyncTab
                drive={drive}
                onSyncRequested={onSyncRequested}
                onReconnect={onReconnect}
                isReconnecting={isReconnecting}
                offline={offline}
              />
            </Tabs.Content>
            <Tabs.Content value="history">
              {tab === 'history' && <RunsTable driveId={drive.id} isSyncing={isSyncing} />}
            </Tabs.Content>
            <Tabs.Content value="activity">
              {tab === 'activity' && <ActivityTable driveId={drive.id} />}
            </Tabs.Content>
            {canDisconnect && (
              <Tabs.Content value="columns">
                {tab === 'columns' && <ColumnsTab driveId={drive.id} />}
              </Tabs.Content>
            )}
          </Tabs.Root>
        </Modal.Body>
        <Modal.Footer>
          {canDisconnect ? (
            <DisconnectButton drive={drive} onDisconnected={onDisconnected} />
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
