import { Box, Breadcrumbs, Crumb, CrumbLink } from '@strapi/design-system';
import type { MouseEvent } from 'react';
import { FRESH } from '../../../api/externalDrivesApi';
import { useBreadcrumbTrail } from '../../../api/resources/items';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';
import { useT } from '../../../hooks/useT';

interface DriveBreadcrumbsProps {
  driveId: number;
  driveName: string;
  /** The open folder's remote id; none at the drive's root. */
  folder: string | undefined;
  onOpen(remoteId: string | undefined): void;
}

/** The path from the drive's root to the open folder, each level a link but the current one. */
export const DriveBreadcrumbs = ({ driveId, driveName, folder, onOpen }: DriveBreadcrumbsProps) => {
  const t = useT();
  const trail = useBreadcrumbTrail(
    { driveId, itemId: folder ?? '' },
    { ...FRESH, skip: folder === undefined }
  );
  useQueryErrorReport(trail.error);

  const link = (remoteId: string | undefined, name: string) => (
    <CrumbLink
      key={remoteId ?? ''}
      href={`?folder=${remoteId ? encodeURIComponent(remoteId) : ''}`}
      onClick={(event: MouseEvent) => {
        event.preventDefault();
        onOpen(remoteId);
      }}
    >
      {name}
    </CrumbLink>
  );

  return (
    <Box paddingBottom={4}>
      <Breadcrumbs label={t('drive.breadcrumbs', 'Folder path')}>
        {folder ? link(undefined, driveName) : <Crumb isCurrent>{driveName}</Crumb>}
        {(folder ? (trail.data ?? []) : [])
          .filter((crumb) => crumb.name !== null)
          .map((crumb) =>
            crumb.remoteId === folder ? (
              <Crumb key={crumb.remoteId} isCurrent>
                {crumb.name}
              </Crumb>
            ) : (
              link(crumb.remoteId, crumb.name ?? '')
            )
          )}
      </Breadcrumbs>
    </Box>
  );
};
