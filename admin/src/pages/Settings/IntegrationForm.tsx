import { Alert, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check, Play } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { useTestConnection, useUpdateSettings } from '../../api/resources/settings';
import type { PublicSettings } from '../../api/types';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';
import { AppRegistrationFields } from './AppRegistrationFields';
import { BehaviourFields } from './BehaviourFields';
import { changesOf, valuesOf, type FormValues } from './integrationValues';

const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

interface IntegrationFormProps {
  settings: PublicSettings;
  canUpdate: boolean;
  /** Holds drives.manage: may find and name the allowed sites. */
  canManage: boolean;
}

/**
 * The Microsoft 365 integration: app registration, switches, sync interval, allowed sites, Test
 * connection.
 */
export const IntegrationForm = ({ settings, canUpdate, canManage }: IntegrationFormProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const [updateSettings] = useUpdateSettings();
  const [runConnectionTest] = useTestConnection();
  const reportError = useReportError();
  const { toggleNotification } = useNotification();
  const [values, setValues] = useState(() => valuesOf(settings));
  const [isSaving, setIsSaving] = useState(false);
  const [isTesting, setIsTesting] = useState(false);

  useEffect(() => setValues(valuesOf(settings)), [settings]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const changes = changesOf(values, settings);
  const isDirty = Object.keys(changes).length > 0;
  // The credential in use: the secret's expiry as entered, or the certificate's, read from it.
  const usesCertificate = settings.clientCredential === 'certificate';
  const expiry = usesCertificate
    ? (settings.clientCertificate?.notAfter ?? null)
    : settings.clientSecretExpiresAt;
  const expiresAt = expiry ? new Date(expiry) : null;
  const expiresSoon =
    expiresAt !== null && expiresAt.getTime() - Date.now() < EXPIRY_WARNING_DAYS * DAY_MS;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setIsSaving(true);
    try {
      // The settings' cache entry is refreshed by the mutation, and the form with it.
      await updateSettings(changes).unwrap();
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  const testConnection = async () => {
    setIsTesting(true);
    try {
      const result = await runConnectionTest().unwrap();
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
            title={
              usesCertificate
                ? t('settings.certificate.expiringTitle', 'The certificate expires soon')
                : t('settings.secret.expiringTitle', 'The client secret expires soon')
            }
          >
            {usesCertificate
              ? // Microsoft's own date, read from the certificate: past it, Entra ID refuses it.
                settings.lockedFields.includes('clientCertificate')
                ? t(
                    'settings.certificate.expiringConfigured',
                    'It expires on {date}: upload a new certificate to the app registration in Microsoft Entra ID, put it and its key in the server configuration (the EXTERNAL_DRIVES_CLIENT_CERTIFICATE and EXTERNAL_DRIVES_CLIENT_PRIVATE_KEY environment variables, or clientCertificate and clientPrivateKey in config/plugins), then restart Strapi.',
                    { date: formatDate(expiresAt, { dateStyle: 'long' }) }
                  )
                : t(
                    'settings.certificate.expiring',
                    'It expires on {date}: upload a new certificate to the app registration in Microsoft Entra ID, then pick it and its key here.',
                    { date: formatDate(expiresAt, { dateStyle: 'long' }) }
                  )
              : // A secret set by the server's configuration cannot be entered here: say where it goes.
                settings.lockedFields.includes('clientSecret')
                ? t(
                    'settings.secret.expiringConfigured',
                    'It expires on {date}: create a new secret in Microsoft Entra ID, put it in the server configuration (the EXTERNAL_DRIVES_CLIENT_SECRET environment variable, or clientSecret in config/plugins), then restart Strapi.',
                    { date: formatDate(expiresAt, { dateStyle: 'long' }) }
                  )
                : t(
                    'settings.secret.expiring',
                    'It expires on {date}: create a new secret in Microsoft Entra ID and enter it here.',
                    { date: formatDate(expiresAt, { dateStyle: 'long' }) }
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
            <AppRegistrationFields
              settings={settings}
              values={values}
              set={set}
              canUpdate={canUpdate}
            />
          </Flex>
        </Box>
        <BehaviourFields
          settings={settings}
          values={values}
          set={set}
          canUpdate={canUpdate}
          canFindSites={canManage}
        />
      </Flex>
    </form>
  );
};
