import {
  Box,
  Button,
  Checkbox,
  Flex,
  Table as DSTable,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useEffect, useState } from 'react';
import {
  useLibraryColumns,
  useSaveLibraryColumns,
} from '../../../../api/resources/library-columns';
import { TableHeadRow } from '../../../../components/TableHeadRow';
import { useQueryErrorReport } from '../../../../hooks/useQueryErrorReport';
import { useReportError } from '../../../../hooks/useReportError';
import { useT } from '../../../../hooks/useT';

/**
 * Which of the library's columns Strapi keeps (shown in My Files and the editors' picker) and which
 * of those the content API returns with attached files. Both off by default; a personal drive's
 * columns can be kept but never returned.
 */
export const ColumnsTab = ({ driveId }: { driveId: number }) => {
  const t = useT();
  const reportError = useReportError();
  const view = useLibraryColumns(driveId);
  useQueryErrorReport(view.error);
  const [save, saving] = useSaveLibraryColumns();
  const [kept, setKept] = useState<string[]>([]);
  const [published, setPublished] = useState<string[]>([]);
  useEffect(() => {
    if (!view.data) return;
    setKept(view.data.kept);
    setPublished(view.data.published);
  }, [view.data]);

  const toggle = (list: string[], name: string) =>
    list.includes(name) ? list.filter((entry) => entry !== name) : [...list, name];
  const onKeep = (name: string) => {
    setKept(toggle(kept, name));
    if (kept.includes(name)) setPublished(published.filter((entry) => entry !== name));
  };

  const submit = async () => {
    try {
      await save({ driveId, kept, published }).unwrap();
    } catch (error) {
      reportError(error);
    }
  };

  const columns = view.data?.available ?? [];
  return (
    <Box paddingTop={4}>
      <Typography tag="p" textColor="neutral600">
        {t(
          'columns.explanation',
          'Kept columns are synced and shown in My Files and the file picker. Returned columns are also given to the content API with attached files: a person column shows names and email addresses publicly.'
        )}
      </Typography>
      <Box paddingTop={4}>
        <DSTable colCount={4} rowCount={columns.length + 1}>
          <TableHeadRow
            labels={[
              t('columns.column', 'Column'),
              t('columns.type', 'Type'),
              t('columns.keep', 'Keep'),
              t('columns.publish', 'Return in the content API'),
            ]}
          />
          <Tbody>
            {columns.map((column) => (
              <Tr key={column.name} data-column={column.name}>
                <Td>
                  <Typography>{column.displayName}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral600">
                    {t(`columns.type.${column.type}`, column.type)}
                  </Typography>
                </Td>
                <Td>
                  <Checkbox
                    checked={kept.includes(column.name)}
                    onCheckedChange={() => onKeep(column.name)}
                    aria-label={t('columns.keepOne', 'Keep {name}', { name: column.displayName })}
                  />
                </Td>
                <Td>
                  <Checkbox
                    checked={published.includes(column.name)}
                    disabled={!view.data?.canPublish || !kept.includes(column.name)}
                    onCheckedChange={() => setPublished(toggle(published, column.name))}
                    aria-label={t('columns.publishOne', 'Return {name} in the content API', {
                      name: column.displayName,
                    })}
                  />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </DSTable>
      </Box>
      {!view.isLoading && columns.length === 0 && (
        <Box padding={4}>
          <Typography textColor="neutral600">
            {t('columns.none', 'This drive has no columns to keep')}
          </Typography>
        </Box>
      )}
      {view.data && !view.data.canPublish && (
        <Box paddingTop={2}>
          <Typography textColor="neutral600">
            {t(
              'columns.personal',
              "A personal drive's columns are never returned by the content API."
            )}
          </Typography>
        </Box>
      )}
      <Flex justifyContent="flex-end" paddingTop={4}>
        <Button onClick={submit} loading={saving.isLoading} disabled={!view.data}>
          {t('columns.save', 'Save columns')}
        </Button>
      </Flex>
    </Box>
  );
};
