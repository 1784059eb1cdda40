import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useT } from '../../hooks/useT';
import { SettingsField } from './SettingsField';

/** The select's values for the setting (null: follows Downloads). */
const OPTIONS = { follow: null, on: true, off: false } as const;
type Option = keyof typeof OPTIONS;
const optionOf = (value: boolean | null): Option =>
  value === null ? 'follow' : value ? 'on' : 'off';

interface SharingLinksFieldProps {
  value: boolean | null;
  /** The Downloads switch as the form has it: what "Same as Downloads" means now. */
  downloadsEnabled: boolean;
  disabled: boolean;
  onChange(value: boolean | null): void;
}

/**
 * "Sharing links": Copy link in My Files and the editors' picker. By default it follows Downloads
 * (off with downloads unless turned on here); On or Off decide on their own.
 */
export const SharingLinksField = ({
  value,
  downloadsEnabled,
  disabled,
  onChange,
}: SharingLinksFieldProps) => {
  const t = useT();
  const follows = downloadsEnabled
    ? t('settings.sharingLinks.followOn', 'Same as Downloads (on)')
    : t('settings.sharingLinks.followOff', 'Same as Downloads (off)');
  return (
    <SettingsField
      name="sharingLinksEnabled"
      label={t('settings.sharingLinks', 'Sharing links')}
      hint={t(
        'settings.sharingLinks.hint',
        'Copy link creates a view link for people in your organization. Never anonymous links.'
      )}
    >
      <SingleSelect
        value={optionOf(value)}
        disabled={disabled}
        onChange={(next: string | number) => onChange(OPTIONS[String(next) as Option])}
      >
        <SingleSelectOption value="follow">{follows}</SingleSelectOption>
        <SingleSelectOption value="on">{t('common.on', 'On')}</SingleSelectOption>
        <SingleSelectOption value="off">{t('common.off', 'Off')}</SingleSelectOption>
      </SingleSelect>
    </SettingsField>
  );
};
