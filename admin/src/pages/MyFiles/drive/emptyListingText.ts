import type { Translate } from '../../../hooks/useT';

type ListingState = { searchesDrive: boolean; filter?: string | null };

/**
 * What an empty listing says: no match for a drive-wide search or a filter, or an empty folder
 * (inviting a drop where the user may upload).
 */
export const emptyListingText = (t: Translate, listing: ListingState, canDrop: boolean) => {
  if (listing.searchesDrive)
    return t('drive.noMatchInDrive', 'No file or folder in this drive matches “{text}”', {
      text: listing.filter ?? '',
    });
  if (listing.filter) return t('drive.noMatch', 'No file or folder matches this filter');
  return canDrop
    ? t('drive.emptyWritable', 'This folder is empty. Drop files here to upload them.')
    : t('drive.empty', 'This folder is empty.');
};
