import { Checkbox } from '@strapi/design-system';
import type { ExternalFileReference } from '../../../../shared/external-file';
import { useT } from '../../hooks/useT';
import { useLinkableDrive } from './AttachedFileLinkButton';

interface AttachedFileLinkChoiceProps {
  reference: ExternalFileReference;
  name: string;
  disabled?: boolean;
  onChange(link: boolean): void;
}

/**
 * How readers reach an attached file: the plugin's download route, or (checked) a sharing link
 * the server creates or reuses when the entry is saved and the content API then publishes.
 * Offered where the file's organisation drive allows links; a file already published as a link
 * keeps the box, so the editor can go back to the download route whatever the drive says now.
 */
export const AttachedFileLinkChoice = ({
  reference,
  name,
  disabled,
  onChange,
}: AttachedFileLinkChoiceProps) => {
  const t = useT();
  const drive = useLinkableDrive(reference);
  const chosen = reference.link === 'sharing';
  if (!drive && !chosen) return null;
  return (
    <Checkbox
      checked={chosen}
      disabled={disabled}
      aria-label={t('field.asSharingLinkOf', 'Publish {name} as a sharing link', { name })}
      onCheckedChange={(checked: boolean) => onChange(checked === true)}
    >
      {t('field.asSharingLink', 'Sharing link')}
    </Checkbox>
  );
};
