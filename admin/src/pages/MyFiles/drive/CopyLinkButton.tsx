import { IconButton } from '@strapi/design-system';
import { Link } from '@strapi/icons';
import { useT } from '../../../hooks/useT';
import type { ItemAction, ListedItem } from './ItemsTable';

interface CopyLinkButtonProps {
  item: ListedItem;
  /** The integration is unavailable: the action would only fail. */
  offline: boolean;
  act(action: ItemAction, item: ListedItem): void;
}

/** A row's "Copy link": a view link for people in the organization (issue 22). */
export const CopyLinkButton = ({ item, offline, act }: CopyLinkButtonProps) => {
  const t = useT();
  return (
    <IconButton
      label={t('items.copyLink', 'Copy link to {name}', { name: item.name })}
      variant="ghost"
      disabled={offline}
      onClick={() => act('copyLink', item)}
    >
      <Link />
    </IconButton>
  );
};
