import { Grid, IconButton, TextInput } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import type { ChangeEvent } from 'react';
import type { PublicSettings } from '../../api/types';
import { useT } from '../../hooks/useT';
import type { FormValues, SetValue } from './integrationValues';
import { CredentialFields } from './CredentialFields';
import { SettingsField } from './SettingsField';

interface AppRegistrationFieldsProps {
  settings: PublicSettings;
  values: FormValues;
  set: SetValue;
  canUpdate: boolean;
}

/**
 * The app registration's fields: tenant, client id, the credential (the write-only secret and its
 * expiry, or a certificate and its key), and the redirect URI to copy into Entra ID. Fields set by the server's configuration are read-only.
 */
export const AppRegistrationFields = ({
  settings,
  values,
  set,
  canUpdate,
}: AppRegistrationFieldsProps) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { copy } = useClipboard();
  const locked = new Set(settings.lockedFields);
  // The server knows where its callback is reached (its public URL or the configured URI).
  const { redirectUri } = settings;
  const lockedHint = t('settings.locked', 'Set by the server configuration');
  const hintOf = (key: 'tenantId' | 'clientId', hint: string) =>
    locked.has(key) ? lockedHint : hint;
  const textInput = (key: 'tenantId' | 'clientId') => (
    <TextInput
      value={values[key]}
      disabled={!canUpdate || locked.has(key)}
      onChange={(event: ChangeEvent<HTMLInputElement>) => set(key, event.target.value)}
    />
  );

  return (
    <Grid.Root gap={5}>
      <SettingsField
        name="tenantId"
        label={t('settings.tenantId', 'Tenant ID')}
        hint={hintOf(
          'tenantId',
          t('settings.tenantId.hint', 'Directory (tenant) ID of the app registration')
        )}
      >
        {textInput('tenantId')}
      </SettingsField>
      <SettingsField
        name="clientId"
        label={t('settings.clientId', 'Client ID')}
        hint={hintOf('clientId', t('settings.clientId.hint', 'Application (client) ID'))}
      >
        {textInput('clientId')}
      </SettingsField>
      <CredentialFields settings={settings} values={values} set={set} canUpdate={canUpdate} />
      <SettingsField
        name="redirectUri"
        col={12}
        label={t('settings.redirectUri', 'Redirect URI')}
        hint={t(
          'settings.redirectUri.hint',
          'Add exactly this URI to the app registration (Authentication > Web).'
        )}
      >
        <TextInput
          value={redirectUri}
          readOnly
          endAction={
            <IconButton
              label={t('settings.redirectUri.copy', 'Copy the redirect URI')}
              variant="ghost"
              onClick={async () => {
                if (await copy(redirectUri))
                  toggleNotification({
                    type: 'info',
                    message: t('common.copied', 'Copied'),
                  });
              }}
            >
              <Duplicate />
            </IconButton>
          }
        />
      </SettingsField>
    </Grid.Root>
  );
};
