import { FRESH } from '../../../api/externalDrivesApi';
import { useBreadcrumbTrail } from '../../../api/resources/items';

/**
 * The open folder's path from the drive root ('/A/B', '' at the root), from its trail (the
 * breadcrumbs' own query, shared through the cache): the name rules count it in a path's length.
 */
export const useFolderPath = (driveId: number, folder: string | undefined): string => {
  const trail = useBreadcrumbTrail(
    { driveId, itemId: folder ?? '' },
    { ...FRESH, skip: folder === undefined }
  );
  if (!folder) return '';
  return (trail.data ?? [])
    .filter((crumb) => crumb.name !== null)
    .map((crumb) => `/${crumb.name}`)
    .join('');
};
