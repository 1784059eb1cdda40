import { Badge, Box, Table as DSTable, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { FRESH } from '../../../../api/externalDrivesApi';
import { useActivity } from '../../../../api/resources/drives';
import { useQueryErrorReport } from '../../../../hooks/useQueryErrorReport';
import { useFormatWhen } from '../../../../hooks/useFormatWhen';
import { useT } from '../../../../hooks/useT';
import { TableHeadRow } from '../../../../components/TableHeadRow';

/** The file operations made on the drive from Strapi: who, what, when, and how it went. */
export const ActivityTable = ({ driveId }: { driveId: number }) => {
  const t = useT();
  const activity = useActivity(driveId, FRESH);
  useQueryErrorReport(activity.error);
  const when = useFormatWhen();

  return (
    <Box paddingTop={4}>
      <DSTable colCount={4} rowCount={(activity.data?.length ?? 0) + 1}>
        <TableHeadRow
          labels={[
            t('activity.when', 'When'),
            t('activity.who', 'Who'),
            t('activity.what', 'What'),
            t('activity.result', 'Result'),
          ]}
        />
        <Tbody>
          {(activity.data ?? []).map((entry) => (
            <Tr key={entry.id}>
              <Td>
                <Typography>{when(entry.occurredAt)}</Typography>
              </Td>
              <Td>
                <Typography>{entry.userName ?? '—'}</Typography>
              </Td>
              <Td>
                <Typography>
                  {t(`activity.action.${entry.action}`, entry.action)} {entry.itemName ?? ''}
                </Typography>
              </Td>
              <Td>
                <Badge variant={entry.result === 'succeeded' ? 'success' : 'danger'}>
                  {t(`activity.result.${entry.result}`, entry.result)}
                </Badge>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </DSTable>
      {!activity.isLoading && activity.data?.length === 0 && (
        <Box padding={4}>
          <Typography textColor="neutral600">
            {t('activity.empty', 'No file operations from Strapi yet')}
          </Typography>
        </Box>
      )}
    </Box>
  );
};
