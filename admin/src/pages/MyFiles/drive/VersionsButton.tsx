import { IconButton } from '@strapi/design-system';
import { ClockCounterClockwise } from '@strapi/icons';
import { useT } from '../../../hooks/useT';
import type { ItemAction, ListedItem } from './ItemsTable';

interface VersionsButtonProps {
  item: ListedItem;
  disabled: boolean;
  onAction(action: ItemAction, item: ListedItem): void;
}

/** A file row's "Versions" action (folders have no versions: nothing is shown for them). */
export const VersionsButton = ({ item, disabled, onAction }: VersionsButtonProps) => {
  const t = useT();
  if (item.isFolder) return null;
  return (
    <IconButton
      label={t('items.versions', 'Versions of {name}', { name: item.name })}
      variant="ghost"
      disabled={disabled}
      onClick={() => onAction('versions', item)}
    >
      <ClockCounterClockwise />
    </IconButton>
  );
};
