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
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { translateError } from '../../../../api/describeError';
import { FRESH } from '../../../../api/externalDrivesApi';
import { useSyncRuns } from '../../../../api/resources/drives';
import { useQueryErrorReport } from '../../../../hooks/useQueryErrorReport';
import { useT } from '../../../../hooks/useT';

const RUN_BADGE = {
  succeeded: 'success',
  failed: 'danger',
  running: 'primary',
  queued: 'neutral',
} as const;

/** The drive's sync runs, newest first, read again when a sync starts or ends. */
export const RunsTable = ({ driveId, isSyncing }: { driveId: number; isSyncing: boolean }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const runs = useSyncRuns(driveId, FRESH);
  useQueryErrorReport(runs.error);
  const { refetch } = runs;
  const wasSyncing = useRef(isSyncing);
  useEffect(() => {
    if (wasSyncing.current === isSyncing) return;
    wasSyncing.current = isSyncing;
    void refetch();
  }, [isSyncing, refetch]);
  const when = (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

  return (
    <Box paddingTop={4}>
      <DSTable colCount={5} rowCount={(runs.data?.length ?? 0) + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('runs.started', 'Started')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('runs.trigger', 'Trigger')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('runs.status', 'Result')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('runs.changes', 'Added / updated / deleted')}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('runs.error', 'Error')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {(runs.data ?? []).map((run) => (
            <Tr key={run.id}>
              <Td>
                <Typography>{when(run.startedAt)}</Typography>
              </Td>
              <Td>
                <Typography>{t(`runs.trigger.${run.trigger}`, run.trigger)}</Typography>
              </Td>
              <Td>
                <Badge variant={RUN_BADGE[run.status] ?? 'neutral'}>
                  {t(`runs.status.${run.status}`, run.status)}
                </Badge>
              </Td>
              <Td>
                <Typography>
                  {run.itemsAdded} / {run.itemsUpdated} / {run.itemsDeleted}
                </Typography>
              </Td>
              <Td>
                <Typography textColor="danger600">
                  {run.error ? translateError(run.error, t).message : ''}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </DSTable>
      {!runs.isLoading && runs.data?.length === 0 && (
        <Box padding={4}>
          <Typography textColor="neutral600">{t('runs.empty', 'No sync yet')}</Typography>
        </Box>
      )}
    </Box>
  );
};
