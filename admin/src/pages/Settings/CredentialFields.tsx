import { Radio, TextInput } from '@strapi/design-system';
import type { ChangeEvent } from 'react';
import { useIntl } from 'react-intl';
import type { ClientCredentialKind, PublicSettings } from '../../api/types';
import { useT } from '../../hooks/useT';
import type { FormValues, SetValue } from './integrationValues';
import { SettingsField } from './SettingsField';

interface CredentialFieldsProps {
  settings: PublicSettings;
  values: FormValues;
  set: SetValue;
  canUpdate: boolean;
}

/** The PEM files an admin exports for a certificate credential (certificate, chain, key). */
const PEM_FILES = '.pem,.crt,.cer,.key';

interface PemFileFieldProps {
  name: string;
  label: string;
  hint: string;
  disabled: boolean;
  /** The file's text, or '' when the choice is cleared. */
  onPick: (text: string) => void;
}

/** A file picker whose file is read as text in the browser (PEM is text; nothing is uploaded yet). */
const PemFileField = ({ name, label, hint, disabled, onPick }: PemFileFieldProps) => (
  <SettingsField name={name} label={label} hint={hint}>
    <input
      type="file"
      accept={PEM_FILES}
      aria-label={label}
      disabled={disabled}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        const file = event.target.files?.[0];
        if (!file) onPick('');
        else void file.text().then(onPick);
      }}
    />
  </SettingsField>
);

/**
 * How the app proves itself to Microsoft Entra ID: the client secret (and its expiry, entered by
 * hand) or a certificate with its private key, uploaded as PEM files (its expiry read from the
 * certificate). Says which credential is in use, only when it is actually there.
 */
export const CredentialFields = ({ settings, values, set, canUpdate }: CredentialFieldsProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const locked = new Set(settings.lockedFields);
  const lockedHint = t('settings.locked', 'Set by the server configuration');
  const credentialLocked = locked.has('clientSecret') || locked.has('clientCertificate');
  const certificate = settings.clientCertificate;

  const inUse =
    settings.clientCredential === 'certificate' && certificate
      ? t('settings.credential.inUseCertificate', 'In use: Certificate, expires on {date}', {
          date: formatDate(new Date(certificate.notAfter), { dateStyle: 'long' }),
        })
      : settings.clientCredential === 'secret' && settings.clientSecretSet
        ? t('settings.credential.inUseSecret', 'In use: Client secret')
        : t('settings.credential.none', 'No credential is set yet.');

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
  const certificateHint = locked.has('clientCertificate')
    ? lockedHint
    : settings.clientPrivateKeyUnreadable
      ? t(
          'settings.certificate.unreadableHint',
          'The stored private key was sealed with an encryption key this server no longer has: upload the certificate and its key again.'
        )
      : certificate
        ? t(
            'settings.certificate.setHint',
            '{subject}, SHA-256 thumbprint {thumbprint}. Pick new files to replace it.',
            { subject: certificate.subject, thumbprint: certificate.thumbprintSha256 }
          )
        : t(
            'settings.certificate.unsetHint',
            'The certificate (PEM, with its chain if any) whose public part is uploaded under Certificates & secrets in the app registration.'
          );

  return (
    <>
      <SettingsField
        name="clientCredential"
        col={12}
        label={t('settings.credential', 'Credential')}
        hint={inUse}
      >
        <Radio.Group
          value={values.clientCredential}
          onValueChange={(value: string) => set('clientCredential', value as ClientCredentialKind)}
          disabled={!canUpdate || credentialLocked}
          aria-label={t('settings.credential', 'Credential')}
          style={{ display: 'flex', flexDirection: 'row', gap: '1.6rem' }}
        >
          <Radio.Item value="secret">{t('settings.credential.secret', 'Client secret')}</Radio.Item>
          <Radio.Item value="certificate">
            {t('settings.credential.certificate', 'Certificate')}
          </Radio.Item>
        </Radio.Group>
      </SettingsField>
      {values.clientCredential === 'secret' ? (
        <>
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
                settings.clientSecretSet ? t('settings.secret.placeholder', '•••••••• (set)') : ''
              }
              disabled={!canUpdate || locked.has('clientSecret')}
              onChange={(event: ChangeEvent<HTMLInputElement>) =>
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
            <TextInput
              type="date"
              value={values.clientSecretExpiresAt}
              disabled={!canUpdate}
              onChange={(event: ChangeEvent<HTMLInputElement>) =>
                set('clientSecretExpiresAt', event.target.value)
              }
            />
          </SettingsField>
        </>
      ) : (
        <>
          {/* Keyed by the saved certificate: after a save the pickers start empty, as the form does. */}
          <PemFileField
            key={`certificate-${certificate?.thumbprintSha256 ?? 'none'}`}
            name="clientCertificate"
            label={t('settings.certificate', 'Certificate (PEM)')}
            hint={certificateHint}
            disabled={!canUpdate || locked.has('clientCertificate')}
            onPick={(text) => set('clientCertificate', text)}
          />
          <PemFileField
            key={`key-${certificate?.thumbprintSha256 ?? 'none'}`}
            name="clientPrivateKey"
            label={t('settings.privateKey', 'Private key (PEM)')}
            hint={t(
              'settings.privateKey.hint',
              'Unencrypted PKCS#8 or RSA PEM. Sealed on the server and never shown again.'
            )}
            disabled={!canUpdate || locked.has('clientCertificate')}
            onPick={(text) => set('clientPrivateKey', text)}
          />
        </>
      )}
    </>
  );
};
