import { Flex, Loader, TextButton, Typography } from '@strapi/design-system';
import { Folder } from '@strapi/icons';
import { FRESH } from '../../api/externalDrivesApi';
import { useDrives } from '../../api/resources/drives';
import type { Drive } from '../../api/types';
import { useQueryErrorReport } from '../../hooks/useQueryErrorReport';
import { useT } from '../../hooks/useT';

/** The organisation drives the admin's roles see: personal drives' files cannot be attached. */
export const PickerDrives = ({ onOpen }: { onOpen(drive: Drive): void }) => {
  const t = useT();
  const query = useDrives(undefined, FRESH);
  useQueryErrorReport(query.error);
  const drives = {
    isLoading: query.isLoading,
    data: query.data?.filter((candidate) => candidate.scope === 'platform'),
  };

  return drives.isLoading && !drives.data ? (
    <Loader small>{t('common.loading', 'Loading…')}</Loader>
  ) : drives.data?.length ? (
    <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
      {drives.data.map((candidate) => (
        <li key={candidate.id}>
          <TextButton startIcon={<Folder fill="primary600" />} onClick={() => onOpen(candidate)}>
            {candidate.name}
          </TextButton>
        </li>
      ))}
    </Flex>
  ) : (
    <Typography textColor="neutral600">
      {t('picker.noDrives', 'No organisation drive is shared with your roles')}
    </Typography>
  );
};
