import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { DriveLinkScope } from '../../../../shared/contracts/sharing-links';
import { useT } from '../../hooks/useT';

interface DriveLinkScopeFieldProps {
  value: DriveLinkScope;
  onChange(value: DriveLinkScope): void;
}

/**
 * The links "Copy link" may create on one organisation drive: for people in the organization, or
 * none. Anonymous and "specific people" links are not offered.
 */
export const DriveLinkScopeField = ({ value, onChange }: DriveLinkScopeFieldProps) => {
  const t = useT();
  return (
    <Field.Root
      name="linkScope"
      hint={t(
        'platform.linkScope.hint',
        'What Copy link creates on this drive, when sharing links are on in Behaviour.'
      )}
    >
      <Field.Label>{t('platform.linkScope', 'Sharing links')}</Field.Label>
      <SingleSelect
        value={value}
        onChange={(next: string | number) => onChange(String(next) as DriveLinkScope)}
      >
        <SingleSelectOption value="organization">
          {t('platform.linkScope.organization', 'People in your organization')}
        </SingleSelectOption>
        <SingleSelectOption value="none">
          {t('platform.linkScope.none', 'No sharing links')}
        </SingleSelectOption>
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};
