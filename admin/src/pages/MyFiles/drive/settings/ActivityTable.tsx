import {
  Badge,
  Box,
  Table as DSTable,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { FRESH } from '../../../../api/externalDrivesApi';
import { useActivity } from '../../../../api/resources/drives';
import { useQueryErrorReport } from '../../../../hooks/useQueryErrorReport';
import { useT } from '../../../../hooks/useT';

/** The file operations made on the drive from Strapi: who, what, when, and how it went. */
export const ActivityTable = ({ driveId }: { driveId: number }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const activity = useActivity(driveId, FRESH);
  useQueryErrorReport(activity.error);
  const when = (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

  return (
    <Box paddingTop={4}>
      <DSTable colCount={4} rowCount={(activity.data?.length ?? 0) + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('activity.when', 'When')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('activity.who', 'Who')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('activity.what', 'What')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('activity.result', 'Result')}</Typography>
            </Th>
          </Tr>
        </Thead>
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
