import { Flex } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { FRESH } from '../api/externalDrivesApi';
import { useSettings } from '../api/resources/settings';
import { useQueryErrorReport } from '../hooks/useQueryErrorReport';
import { useT } from '../hooks/useT';
import {
  MANAGE_DRIVES_PERMISSIONS,
  READ_SETTINGS_PERMISSIONS,
  UPDATE_SETTINGS_PERMISSIONS,
} from '../permissions';
import { IntegrationForm } from './Settings/IntegrationForm';
import { PlatformDrives } from './Settings/PlatformDrives';

const SettingsContent = () => {
  const t = useT();
  // useRBAC names each answer after the action's last segment: canUpdate, canManage.
  const { allowedActions, isLoading: isLoadingPermissions } = useRBAC([
    ...UPDATE_SETTINGS_PERMISSIONS,
    ...MANAGE_DRIVES_PERMISSIONS,
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
          <IntegrationForm
            settings={settings.data}
            canUpdate={Boolean(allowedActions.canUpdate)}
            canManage={Boolean(allowedActions.canManage)}
          />
          {allowedActions.canManage && <PlatformDrives canManage />}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

/** Settings > External Drives. */
const SettingsPage = () => (
  <Page.Protect permissions={READ_SETTINGS_PERMISSIONS}>
    <SettingsContent />
  </Page.Protect>
);

export default SettingsPage;
