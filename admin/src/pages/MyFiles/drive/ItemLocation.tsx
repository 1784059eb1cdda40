import { Typography } from '@strapi/design-system';
import { useT } from '../../../hooks/useT';

interface ItemLocationProps {
  driveName: string;
  /** The folder's path from the drive root ('/A/B'); '' is the root, shown as the drive's name. */
  folderPath: string;
  onOpen(): void;
}

/** Where a search result lives: its folder's path, a button that opens that folder. */
export const ItemLocation = ({ driveName, folderPath, onOpen }: ItemLocationProps) => {
  const t = useT();
  const path = folderPath || driveName;
  return (
    <Typography
      tag="button"
      type="button"
      textColor="primary700"
      aria-label={t('items.openLocation', 'Open the folder {path}', { path })}
      title={path}
      onClick={onOpen}
      data-location={folderPath}
      style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
      ellipsis
    >
      {path}
    </Typography>
  );
};
