import { Flex, Radio, Typography } from '@strapi/design-system';
import { useId } from 'react';
import { useT } from '../../../hooks/useT';
import type { SearchScope } from './useDriveListing';

interface SearchScopeChoiceProps {
  value: SearchScope;
  onChange(scope: SearchScope): void;
}

/** "Where to search": the open folder (a filter of its listing) or the whole drive. */
export const SearchScopeChoice = ({ value, onChange }: SearchScopeChoiceProps) => {
  const t = useT();
  const labelId = useId();
  return (
    <Flex gap={3}>
      <Typography id={labelId} variant="pi" fontWeight="bold" textColor="neutral700">
        {t('drive.searchScope', 'Where to search')}
      </Typography>
      <Radio.Group
        value={value}
        onValueChange={(scope: string) => onChange(scope as SearchScope)}
        aria-labelledby={labelId}
        style={{ display: 'flex', flexDirection: 'row', gap: '1.6rem' }}
      >
        <Radio.Item value="folder">{t('drive.searchScope.folder', 'In this folder')}</Radio.Item>
        <Radio.Item value="drive">{t('drive.searchScope.drive', 'In this drive')}</Radio.Item>
      </Radio.Group>
    </Flex>
  );
};
