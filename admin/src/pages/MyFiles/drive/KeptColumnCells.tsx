import { Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import type {
  LibraryColumn,
  LibraryColumnValues,
} from '../../../../../shared/contracts/library-columns';
import { useFormatWhen } from '../../../hooks/useFormatWhen';
import { useT } from '../../../hooks/useT';
import { formatColumnValue } from '../../../utils/formatColumnValue';

/** One cell per kept library column of the drive: the item's value, or nothing. */
export const KeptColumnCells = ({
  columns,
  values,
}: {
  columns: LibraryColumn[];
  values: LibraryColumnValues | undefined;
}) => {
  const t = useT();
  const when = useFormatWhen();
  const labels = { yes: t('columns.yes', 'Yes'), no: t('columns.no', 'No'), when };
  return (
    <>
      {columns.map((column) => (
        <Table.Cell key={column.name}>
          <Typography textColor="neutral600" data-column={column.name}>
            {formatColumnValue(values?.[column.name], labels)}
          </Typography>
        </Table.Cell>
      ))}
    </>
  );
};
