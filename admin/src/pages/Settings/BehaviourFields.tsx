import { Box, Flex, Grid, NumberInput, Toggle, Typography } from '@strapi/design-system';
import type { ChangeEvent } from 'react';
import type { PublicSettings } from '../../api/types';
import { useT } from '../../hooks/useT';
import type { FormValues, SetValue } from './integrationValues';
import { AllowedSitesField } from './AllowedSitesField';
import { SettingsField } from './SettingsField';
import { SharingLinksField } from './SharingLinksField';

interface BehaviourFieldsProps {
  settings: PublicSettings;
  values: FormValues;
  set: SetValue;
  canUpdate: boolean;
  /** Holds drives.manage, which finding and naming sites need. */
  canFindSites: boolean;
}

/** The integration's switches, the sync interval and the allowed sites of personal connections. */
export const BehaviourFields = ({
  settings,
  values,
  set,
  canUpdate,
  canFindSites,
}: BehaviourFieldsProps) => {
  const t = useT();
  const toggle = (
    key:
      'enabled' | 'personalConnectionsAllowed' | 'downloadsEnabled' | 'rejectDiscouragedCharacters',
    label: string,
    hint: string
  ) => (
    <SettingsField name={key} label={label} hint={hint}>
      <Toggle
        checked={values[key]}
        disabled={!canUpdate}
        onLabel={t('common.on', 'On')}
        offLabel={t('common.off', 'Off')}
        onChange={(event: ChangeEvent<HTMLInputElement>) => set(key, event.target.checked)}
      />
    </SettingsField>
  );

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('settings.behaviour', 'Behaviour')}
        </Typography>
        <Grid.Root gap={5}>
          {toggle(
            'enabled',
            t('settings.enabled', 'Integration enabled'),
            t(
              'settings.enabled.hint',
              'Off: no sync and no file operation until it is turned on again.'
            )
          )}
          {toggle(
            'personalConnectionsAllowed',
            t('settings.personal', 'Personal connections'),
            t(
              'settings.personal.hint',
              'Users may connect their own OneDrive and SharePoint libraries with their Microsoft account.'
            )
          )}
          {toggle(
            'downloadsEnabled',
            t('settings.downloads', 'Downloads'),
            t('settings.downloads.hint', 'Users may download files through Strapi.')
          )}
          <SharingLinksField
            value={values.sharingLinksEnabled}
            downloadsEnabled={values.downloadsEnabled}
            disabled={!canUpdate}
            onChange={(value) => set('sharingLinksEnabled', value)}
          />
          {toggle(
            'rejectDiscouragedCharacters',
            t('settings.specialCharacters', 'Refuse # % & in names'),
            t(
              'settings.specialCharacters.hint',
              'These characters are allowed by SharePoint but break some older tools.'
            )
          )}
          <SettingsField
            name="syncIntervalMinutes"
            label={t('settings.interval', 'Sync interval (minutes)')}
            hint={t(
              'settings.interval.hint',
              'How often every drive is synced, in minutes. Drives with live updates (change notifications) are synced hourly as a safety net, or at this interval when longer.'
            )}
          >
            <NumberInput
              value={values.syncIntervalMinutes}
              disabled={!canUpdate}
              onValueChange={(value) =>
                set('syncIntervalMinutes', value ?? settings.syncIntervalMinutes)
              }
            />
          </SettingsField>
          <SettingsField
            name="zipMaxMegabytes"
            label={t('settings.zipMaxMegabytes', 'Largest folder ZIP (MB)')}
            hint={t(
              'settings.zipMaxMegabytes.hint',
              'A folder with more than this many megabytes of files cannot be downloaded as a ZIP.'
            )}
          >
            <NumberInput
              value={values.zipMaxMegabytes}
              disabled={!canUpdate}
              onValueChange={(value) => set('zipMaxMegabytes', value ?? settings.zipMaxMegabytes)}
            />
          </SettingsField>
          <SettingsField
            name="zipMaxFiles"
            label={t('settings.zipMaxFiles', 'Most files in a folder ZIP')}
            hint={t(
              'settings.zipMaxFiles.hint',
              'A folder with more files than this cannot be downloaded as a ZIP.'
            )}
          >
            <NumberInput
              value={values.zipMaxFiles}
              disabled={!canUpdate}
              onValueChange={(value) => set('zipMaxFiles', value ?? settings.zipMaxFiles)}
            />
          </SettingsField>
          <AllowedSitesField
            value={values.allowedSiteIds}
            onChange={(ids) => set('allowedSiteIds', ids)}
            canUpdate={canUpdate}
            canFindSites={canFindSites}
          />
        </Grid.Root>
      </Flex>
    </Box>
  );
};
