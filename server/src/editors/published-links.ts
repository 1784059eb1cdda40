/**
 * The sharing links the content API may publish now: for the references that chose a link, the
 * stored link of each file whose drive still allows links (the admin's switch, the drive's scope),
 * read at every request, so switching links off hides them at once without forgetting them.
 */
import type { Core } from '@strapi/strapi';
import {
  referenceKey,
  wantsSharingLink,
  type ExternalFileReference,
} from '../../../shared/external-file';
import { linkScopeOfDrive } from '../../../shared/contracts/sharing-links';
import type { ResolvedFile } from './resolve';
import { storedSharingLinks } from './sharing-link-table';

export async function publishedSharingLinks(
  strapi: Core.Strapi,
  references: ExternalFileReference[],
  resolved: Map<string, ResolvedFile>,
  linksOn: boolean
): Promise<Map<string, string>> {
  if (!linksOn) return new Map();
  const allowed = references.filter((reference) => {
    const file = resolved.get(referenceKey(reference));
    return (
      wantsSharingLink(reference) &&
      file?.drive.scope === 'platform' &&
      linkScopeOfDrive(file.drive, linksOn) === 'organization'
    );
  });
  return allowed.length ? storedSharingLinks(strapi, allowed, 'organization') : new Map();
}
