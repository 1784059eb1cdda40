import {
  Alert,
  Box,
  Button,
  Flex,
  Grid,
  IconButton,
  NumberInput,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Check, Duplicate, Play } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { IntegrationSettings, IntegrationUpdate } from '../../api/types';
import { useExternalDrivesApi } from '../../api/useExternalDrivesApi';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';
import { SettingsField } from './SettingsField';

const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

interface FormValues {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  clientSecretExpiresAt: string;
  enabled: boolean;
  personalConnectionsAllowed: boolean;
  downloadsEnabled: boolean;
  restrictSpecialCharacters: boolean;
  syncIntervalMinutes: number;
}

const valuesOf = (settings: IntegrationSettings): FormValues => ({
  tenantId: settings.tenantId ?? '',
  clientId: settings.clientId ?? '',
  clientSecret: '',
  clientSecretExpiresAt: settings.clientSecretExpiresAt?.slice(0, 10) ?? '',
  enabled: settings.enabled,
  personalConnectionsAllowed: settings.personalConnectionsAllowed,
  downloadsEnabled: settings.downloadsEnabled,
  restrictSpecialCharacters: settings.restrictSpecialCharacters,
  syncIntervalMinutes: settings.syncIntervalMinutes,
});

/** Only what changed, and never a field the server's configuration has locked. */
const changesOf = (values: FormValues, settings: IntegrationSettings): IntegrationUpdate => {
  const update: IntegrationUpdate = {};
  const original = valuesOf(settings);
  const locked = new Set(settings.lockedFields);
  if (!locked.has('tenantId') && values.tenantId !== original.tenantId)
    update.tenantId = values.tenantId.trim() || null;
  if (!locked.has('clientId') && values.clientId !== original.clientId)
    update.clientId = values.clientId.trim() || null;
  if (!locked.has('clientSecret') && values.clientSecret) update.clientSecret = values.clientSecret;
  if (values.clientSecretExpiresAt !== original.clientSecretExpiresAt)
    update.clientSecretExpiresAt = values.clientSecretExpiresAt || null;
  for (const key of [
    'enabled',
    'personalConnectionsAllowed',
    'downloadsEnabled',
    'restrictSpecialCharacters',
    'syncIntervalMinutes',
  ] as const) {
    if (values[key] !== original[key]) (update as Record<string, unknown>)[key] = values[key];
  }
  return update;
};

interface IntegrationFormProps {
  settings: IntegrationSettings;
  canUpdate: boolean;
  onSaved(settings: IntegrationSettings): void;
}

/** The Microsoft 365 integration: app registration, switches, sync interval, Test connection. */
export const IntegrationForm = ({ settings, canUpdate, onSaved }: IntegrationFormProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const { toggleNotification } = useNotification();
  const { copy } = useClipboard();
  const [values, setValues] = useState(() => valuesOf(settings));
  const [isSaving, setIsSaving] = useState(false);
  const [isTesting, setIsTesting] = useState(false);

  useEffect(() => setValues(valuesOf(settings)), [settings]);

  const locked = new Set(settings.lockedFields);
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const changes = changesOf(values, settings);
  const isDirty = Object.keys(changes).length > 0;
  // The server knows where its callback is reached (its public URL or the configured URI).
  const { redirectUri } = settings;
  const expiresAt = settings.clientSecretExpiresAt
    ? new Date(settings.clientSecretExpiresAt)
    : null;
  const expiresSoon =
    expiresAt !== null && expiresAt.getTime() - Date.now() < EXPIRY_WARNING_DAYS * DAY_MS;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setIsSaving(true);
    try {
      const saved = await api.updateSettings(changes);
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
      onSaved(saved);
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  const testConnection = async () => {
    setIsTesting(true);
    try {
      const result = await api.testConnection();
      toggleNotification({
        type: 'success',
        title: t('settings.test.success', 'Connected to Microsoft 365'),
        message: result.site
          ? t('settings.test.site', 'Read the site {name}', { name: result.site.name })
          : t('settings.test.token', 'An app-only token was issued'),
      });
    } catch (error) {
      reportError(error);
    } finally {
      setIsTesting(false);
    }
  };

  const lockedHint = t('settings.locked', 'Set by the server configuration');
  const hintOf = (key: 'tenantId' | 'clientId', hint: string) =>
    locked.has(key) ? lockedHint : hint;
  const secretHint = locked.has('clientSecret')
    ? lockedHint
    : settings.clientSecretUnreadable
      ? t(
          'settings.secret.unreadableHint',
          'The stored secret was sealed with an encryption key this server no longer has: enter it again.'
        )
      : settings.clientSecretSet
        ? t(
            'settings.secret.setHint',
            'A secret is set. It is never shown; type a new one to replace it.'
          )
        : t('settings.secret.unsetHint', 'No secret is set yet.');
  const textInput = (key: 'tenantId' | 'clientId' | 'clientSecretExpiresAt') => (
    <TextInput
      type={key === 'clientSecretExpiresAt' ? 'date' : 'text'}
      value={values[key]}
      disabled={!canUpdate || (key !== 'clientSecretExpiresAt' && locked.has(key))}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => set(key, event.target.value)}
    />
  );
  const toggle = (
    key:
      'enabled' | 'personalConnectionsAllowed' | 'downloadsEnabled' | 'restrictSpecialCharacters',
    label: string,
    hint: string
  ) => (
    <SettingsField name={key} label={label} hint={hint}>
      <Toggle
        checked={values[key]}
        disabled={!canUpdate}
        onLabel={t('common.on', 'On')}
        offLabel={t('common.off', 'Off')}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => set(key, event.target.checked)}
      />
    </SettingsField>
  );

  return (
    <form
      onSubmit={(event) => void save(event)}
      aria-label={t('settings.integration', 'Integration')}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {expiresSoon && expiresAt && (
          <Alert
            variant="warning"
            closeLabel={t('common.close', 'Close')}
            title={t('settings.secret.expiringTitle', 'The client secret expires soon')}
          >
            {t(
              'settings.secret.expiring',
              'It expires on {date}: create a new secret in Microsoft Entra ID and enter it here.',
              {
                date: formatDate(expiresAt, { dateStyle: 'long' }),
              }
            )}
          </Alert>
        )}
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Flex justifyContent="space-between">
              <Typography variant="delta" tag="h2">
                {t('settings.appRegistration', 'App registration')}
              </Typography>
              <Flex gap={2}>
                <Button
                  variant="secondary"
                  startIcon={<Play />}
                  loading={isTesting}
                  disabled={isDirty}
                  onClick={() => void testConnection()}
                >
                  {t('settings.test', 'Test connection')}
                </Button>
                {canUpdate && (
                  <Button
                    type="submit"
                    startIcon={<Check />}
                    loading={isSaving}
                    disabled={!isDirty}
                  >
                    {t('common.save', 'Save')}
                  </Button>
                )}
              </Flex>
            </Flex>
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
              <SettingsField
                name="clientSecret"
                label={t('settings.secret', 'Client secret')}
                hint={secretHint}
              >
                <TextInput
                  type="password"
                  autoComplete="new-password"
                  value={values.clientSecret}
                  placeholder={
                    settings.clientSecretSet
                      ? t('settings.secret.placeholder', '•••••••• (set)')
                      : ''
                  }
                  disabled={!canUpdate || locked.has('clientSecret')}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    set('clientSecret', event.target.value)
                  }
                />
              </SettingsField>
              <SettingsField
                name="clientSecretExpiresAt"
                label={t('settings.secretExpiry', 'Secret expires on')}
                hint={t(
                  'settings.secretExpiry.hint',
                  'Shown in Microsoft Entra ID next to the secret; a warning appears 14 days before.'
                )}
              >
                {textInput('clientSecretExpiresAt')}
              </SettingsField>
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
          </Flex>
        </Box>
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
              {toggle(
                'restrictSpecialCharacters',
                t('settings.specialCharacters', 'Refuse # % & in names'),
                t(
                  'settings.specialCharacters.hint',
                  'These characters are allowed by SharePoint but break some older tools.'
                )
              )}
              <SettingsField
                name="syncIntervalMinutes"
                label={t('settings.interval', 'Sync interval (minutes)')}
                hint={t('settings.interval.hint', 'How often every drive is synced, in minutes.')}
              >
                <NumberInput
                  value={values.syncIntervalMinutes}
                  disabled={!canUpdate}
                  onValueChange={(value) =>
                    set('syncIntervalMinutes', value ?? settings.syncIntervalMinutes)
                  }
                />
              </SettingsField>
            </Grid.Root>
          </Flex>
        </Box>
      </Flex>
    </form>
  );
};
