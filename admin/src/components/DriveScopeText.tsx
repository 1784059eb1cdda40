import { Flex, Typography } from '@strapi/design-system';
import { Folder } from '@strapi/icons';
import { driveScopeLabel } from '../../../shared/drive-scope';
import type { Drive } from '../api/types';
import { useT } from '../hooks/useT';

/**
 * The one folder a drive is limited to, as "Documents › HR / Policies", wherever the drive is
 * named; nothing for a drive of a whole library.
 */
export const DriveScopeText = ({ drive }: { drive: Drive }) => {
  const t = useT();
  const label = driveScopeLabel(drive);
  if (!label) return null;
  return (
    <Flex gap={1} data-drive-scope={label}>
      <Folder width="1.2rem" height="1.2rem" fill="neutral500" aria-hidden />
      <Typography variant="pi" textColor="neutral600">
        {t('scope.folderOnly', 'Folder: {folder}', { folder: label })}
      </Typography>
    </Flex>
  );
};
