import { Button, Field, Flex, IconButton, Typography } from '@strapi/design-system';
import { Cross, File, Plus } from '@strapi/icons';
import { useEffect, useMemo, useState } from 'react';
import {
  CUSTOM_FIELD_UID,
  toReference,
  type ExternalFile,
  type ExternalFileReference,
} from '../../../../shared/external-file';
import { useLazyDescribedFiles } from '../../api/resources/items';
import { useT } from '../../hooks/useT';
import { formatBytes } from '../../utils/formatBytes';
import { AttachedFileLinkButton } from './AttachedFileLinkButton';
import { AttachedFileLinkChoice } from './AttachedFileLinkChoice';
import { ExternalFilePicker, type PickedFile } from './ExternalFilePicker';

/** What the content manager hands a custom field's Input (its props and `useField`'s). */
interface ExternalFileInputProps {
  name: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
  error?: string;
  attribute: { customField?: string };
  value?: unknown;
  onChange(name: string, value: unknown): void;
}

const keyOf = (file: ExternalFileReference) => `${file.driveId}\n${file.itemId}`;

/** The references a stored value holds (a single value, or a list for the multiple field). */
const referencesOf = (value: unknown): ExternalFileReference[] =>
  (Array.isArray(value) ? value : [value])
    .map(toReference)
    .filter((reference): reference is ExternalFileReference => reference !== null);

/**
 * The "External file" and "External files" fields in the content manager: the attached files with
 * their current names, a picker to choose more, and a button to take one off. The value stored is
 * only `{ driveId, itemId }`, with `link: 'sharing'` for a file published as a sharing link (never
 * the link itself: the server makes it); names are looked up, so a renamed file shows its new name.
 */
const ExternalFileInput = ({
  name,
  label,
  hint,
  required,
  disabled,
  error,
  attribute,
  value,
  onChange,
}: ExternalFileInputProps) => {
  const t = useT();
  const [describeFiles] = useLazyDescribedFiles();
  const multiple = attribute.customField === CUSTOM_FIELD_UID.multiple;
  const references = useMemo(() => referencesOf(value), [value]);
  const [described, setDescribed] = useState<Map<string, ExternalFile | PickedFile>>(new Map());
  const [isPicking, setIsPicking] = useState(false);

  const missing = references.filter((reference) => !described.has(keyOf(reference)));
  const missingKey = missing.map(keyOf).join('|');
  useEffect(() => {
    if (missing.length === 0) return;
    let isCurrent = true;
    describeFiles(missing, true)
      .unwrap()
      .then((files) => {
        if (!isCurrent) return;
        setDescribed((current) => {
          const next = new Map(current);
          for (const file of files) next.set(keyOf(file), file);
          return next;
        });
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
    // `missingKey` stands for `missing`, which is a new array on every render.
  }, [describeFiles, missingKey]);

  const write = (next: ExternalFileReference[]) => {
    const stored = next.map(({ driveId, itemId, link }) =>
      link ? { driveId, itemId, link } : { driveId, itemId }
    );
    onChange(name, multiple ? stored : (stored[0] ?? null));
  };

  const pick = (files: PickedFile[]) => {
    setDescribed((current) => {
      const next = new Map(current);
      for (const file of files) next.set(keyOf(file), file);
      return next;
    });
    if (!multiple) {
      write(files.slice(0, 1));
      return;
    }
    const known = new Set(references.map(keyOf));
    write([...references, ...files.filter((file) => !known.has(keyOf(file)))]);
  };

  const remove = (reference: ExternalFileReference) =>
    write(references.filter((candidate) => keyOf(candidate) !== keyOf(reference)));

  const setLink = (reference: ExternalFileReference, asLink: boolean) =>
    write(
      references.map((candidate) =>
        keyOf(candidate) !== keyOf(reference)
          ? candidate
          : {
              driveId: candidate.driveId,
              itemId: candidate.itemId,
              ...(asLink && { link: 'sharing' as const }),
            }
      )
    );

  const nameOf = (reference: ExternalFileReference) => {
    const file = described.get(keyOf(reference));
    if (!file) return { text: t('field.loading', 'Loading…'), muted: true, size: null };
    if ('state' in file && file.state === 'unavailable')
      return {
        text: t('field.unavailable', 'Unavailable file (deleted, or on a drive you cannot see)'),
        muted: true,
        size: null,
      };
    return {
      text: file.name,
      muted: false,
      size: 'size' in file ? file.size : null,
    };
  };

  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      <Flex direction="column" alignItems="stretch" gap={2}>
        {references.map((reference) => {
          const shown = nameOf(reference);
          return (
            <Flex
              key={keyOf(reference)}
              gap={2}
              padding={2}
              hasRadius
              borderColor="neutral200"
              background="neutral0"
              justifyContent="space-between"
            >
              <Flex gap={2}>
                <File fill="neutral500" aria-hidden />
                <Typography textColor={shown.muted ? 'neutral500' : 'neutral800'}>
                  {shown.text}
                </Typography>
                {shown.size !== null && (
                  <Typography variant="pi" textColor="neutral500">
                    {formatBytes(shown.size)}
                  </Typography>
                )}
              </Flex>
              <Flex gap={1}>
                {!shown.muted && (
                  <AttachedFileLinkChoice
                    reference={reference}
                    name={shown.text}
                    disabled={disabled}
                    onChange={(asLink) => setLink(reference, asLink)}
                  />
                )}
                {!shown.muted && <AttachedFileLinkButton reference={reference} name={shown.text} />}
                {!disabled && (
                  <IconButton
                    label={t('field.remove', 'Remove {name}', { name: shown.text })}
                    variant="ghost"
                    onClick={() => remove(reference)}
                  >
                    <Cross />
                  </IconButton>
                )}
              </Flex>
            </Flex>
          );
        })}
        {!disabled && (
          <Flex>
            <Button variant="secondary" startIcon={<Plus />} onClick={() => setIsPicking(true)}>
              {multiple
                ? t('field.addFiles', 'Add files from SharePoint or OneDrive')
                : references.length
                  ? t('field.replaceFile', 'Replace the file')
                  : t('field.chooseFile', 'Choose a file from SharePoint or OneDrive')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Field.Hint />
      <Field.Error />
      <ExternalFilePicker
        open={isPicking}
        multiple={multiple}
        onClose={() => setIsPicking(false)}
        onPick={pick}
      />
    </Field.Root>
  );
};

export default ExternalFileInput;
