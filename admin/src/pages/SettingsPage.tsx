import { Flex } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { FRESH } from '../api/externalDrivesApi';
import { useSettings } from '../api/resources/settings';
import { useQueryErrorReport } from '../hooks/useQueryErrorReport';
import { useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';
import { IntegrationForm } from './Settings/IntegrationForm';
import { PlatformDrives } from './Settings/PlatformDrives';

/** useRBAC names each answer after the action's last segment: canRead, canUpdate, canManage. */
const PERMISSIONS = {
  read: [{ action: `plugin::${PLUGIN_ID}.settings.read`, subject: null }],
  update: [{ action: `plugin::${PLUGIN_ID}.settings.update`, subject: null }],
  manage: [{ action: `plugin::${PLUGIN_ID}.drives.manage`, subject: null }],
};

const SettingsContent = () => {
  const t = useT();
  const { allowedActions, isLoading: isLoadingPermissions } = useRBAC([
    ...PERMISSIONS.update,
    ...PERMISSIONS.manage,
  ]);
  const settings = useSettings(undefined, FRESH);
  useQueryErrorReport(settings.error);
  const title = t('settings.section', 'External Drives');

  if ((settings.isLoading && !settings.data) || isLoadingPermissions) return <Page.Loading />;
  if (!settings.data) return <Page.Error />;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t('settings.subtitle', 'Microsoft 365 integration: SharePoint and OneDrive')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <IntegrationForm settings={settings.data} canUpdate={Boolean(allowedActions.canUpdate)} />
          {allowedActions.canManage && <PlatformDrives canManage />}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

/** Settings > External Drives. */
const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <SettingsContent />
  </Page.Protect>
);

export default SettingsPage;
