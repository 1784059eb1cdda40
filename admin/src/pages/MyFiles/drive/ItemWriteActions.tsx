import { IconButton } from '@strapi/design-system';
import { ArrowRight, Pencil, Trash } from '@strapi/icons';
import { useT } from '../../../hooks/useT';
import type { ItemAction, ListedItem } from './ItemsTable';

/** A row's rename, move and delete: shown to read-write users only (the server checks it too). */
export const ItemWriteActions = ({
  item,
  offline,
  onAction,
}: {
  item: ListedItem;
  offline: boolean;
  onAction(action: ItemAction, item: ListedItem): void;
}) => {
  const t = useT();
  return (
    <>
      <IconButton
        label={t('items.rename', 'Rename {name}', { name: item.name })}
        variant="ghost"
        disabled={offline}
        onClick={() => onAction('rename', item)}
      >
        <Pencil />
      </IconButton>
      <IconButton
        label={t('items.move', 'Move {name}', { name: item.name })}
        variant="ghost"
        disabled={offline}
        onClick={() => onAction('move', item)}
      >
        <ArrowRight />
      </IconButton>
      <IconButton
        label={t('items.delete', 'Delete {name}', { name: item.name })}
        variant="ghost"
        disabled={offline}
        onClick={() => onAction('delete', item)}
      >
        <Trash />
      </IconButton>
    </>
  );
};
