import { Badge, Box, Table as DSTable, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useEffect, useRef } from 'react';
import { translateError } from '../../../../api/describeError';
import { FRESH } from '../../../../api/externalDrivesApi';
import { useSyncRuns } from '../../../../api/resources/drives';
import { useQueryErrorReport } from '../../../../hooks/useQueryErrorReport';
import { useFormatWhen } from '../../../../hooks/useFormatWhen';
import { useT } from '../../../../hooks/useT';
import { TableHeadRow } from '../../../../components/TableHeadRow';

const RUN_BADGE = {
  succeeded: 'success',
  failed: 'danger',
  running: 'primary',
  queued: 'neutral',
} as const;

/** The drive's sync runs, newest first, read again when a sync starts or ends. */
export const RunsTable = ({ driveId, isSyncing }: { driveId: number; isSyncing: boolean }) => {
  const t = useT();
  const runs = useSyncRuns(driveId, FRESH);
  useQueryErrorReport(runs.error);
  const { refetch } = runs;
  const wasSyncing = useRef(isSyncing);
  useEffect(() => {
    if (wasSyncing.current === isSyncing) return;
    wasSyncing.current = isSyncing;
    void refetch();
  }, [isSyncing, refetch]);
  const when = useFormatWhen();

  return (
    <Box paddingTop={4}>
      <DSTable colCount={5} rowCount={(runs.data?.length ?? 0) + 1}>
        <TableHeadRow
          labels={[
            t('runs.started', 'Started'),
            t('runs.trigger', 'Trigger'),
            t('runs.status', 'Result'),
            t('runs.changes', 'Added / updated / deleted'),
            t('runs.error', 'Error'),
          ]}
        />
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
