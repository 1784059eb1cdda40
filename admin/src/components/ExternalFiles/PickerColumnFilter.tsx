import { Box, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import type { LibraryColumn } from '../../../../shared/contracts/library-columns';
import type { ColumnFilter } from '../../utils/columnFilter';
import { useT } from '../../hooks/useT';

/** A kept column and the text its value must contain (the drive's kept columns only). */
export const PickerColumnFilter = ({
  columns,
  filter,
  onChange,
}: {
  columns: LibraryColumn[];
  filter: ColumnFilter;
  onChange(filter: ColumnFilter): void;
}) => {
  const t = useT();
  return (
    <Flex gap={2} paddingBottom={2}>
      <Box width="18rem">
        <SingleSelect
          aria-label={t('picker.filterColumn', 'Filter by column')}
          placeholder={t('picker.filterColumn', 'Filter by column')}
          value={filter.column}
          onChange={(value: string | number) => onChange({ ...filter, column: String(value) })}
          onClear={() => onChange({ column: '', text: '' })}
        >
          {columns.map((column) => (
            <SingleSelectOption key={column.name} value={column.name}>
              {column.displayName}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      <Box flex="1">
        <TextInput
          aria-label={t('picker.filterValue', 'Column value contains')}
          placeholder={t('picker.filterValue', 'Column value contains')}
          value={filter.text}
          disabled={!filter.column}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...filter, text: event.target.value })
          }
        />
      </Box>
    </Flex>
  );
};
