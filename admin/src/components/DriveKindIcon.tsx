import { Cloud, Globe } from '@strapi/icons';
import type { DriveKind } from '../api/types';

/** SharePoint libraries as a globe (an organisation's site), OneDrive as a cloud. */
export const DriveKindIcon = ({ kind, label }: { kind: DriveKind; label: string }) =>
  kind === 'onedrive' ? (
    <Cloud aria-label={label} role="img" fill="primary600" />
  ) : (
    <Globe aria-label={label} role="img" fill="success600" />
  );
