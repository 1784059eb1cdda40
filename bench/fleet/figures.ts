/**
 * The fleet's figures at the end of a run (all but `correct`): the runs the instances recorded,
 * read from the database, and the emulator's accounting of the app's resource units and 429s.
 */
import type { ControlClient } from '../../emulator/src';
import { round } from '../lib/measure';
import {
  maxLagSeconds,
  MINUTE_MS,
  overdueSpans,
  requestsPerDrivePerInterval,
  utilisationWhileOverdue,
} from './metrics';
import type { FleetRecords } from './observe';
import type { FleetPlan } from './plan';
import type { FleetFigures } from './report';

export interface FleetTimes {
  /** When the emulator started charging the budget (just before the first connection). */
  accountingFrom: number;
  /** When every drive had synced once. */
  firstFullSync: number;
  end: number;
}

export async function collectFigures(
  plan: FleetPlan,
  times: FleetTimes,
  sources: { records: FleetRecords; control: ControlClient; clientId: string; peakRssMb: number[] }
): Promise<{ figures: Omit<FleetFigures, 'correct'>; summary: string }> {
  const intervalMs = plan.intervalMinutes * MINUTE_MS;
  const drives = plan.oneDrives + plan.libraries;
  const samples = await sources.records.samples();
  const spans = overdueSpans(samples.drives, samples.runs, intervalMs, times.end);
  const units = await sources.control.resourceUnits();
  const app = units.apps.find((account) => account.clientId === sources.clientId);
  const minutes = (app?.minutes ?? []).map((minute) => ({
    start: Date.parse(minute.start),
    units: minute.units,
  }));
  const utilisation = utilisationWhileOverdue(
    spans,
    minutes,
    plan.resourceUnitsPerMinute,
    times.accountingFrom,
    times.end
  );
  const stats = await sources.control.stats();
  const perInterval = requestsPerDrivePerInterval(
    samples.runs,
    times.firstFullSync,
    times.firstFullSync + plan.intervals * intervalMs,
    drives,
    plan.intervals
  );
  return {
    figures: {
      drives,
      items: plan.oneDrives * plan.filesPerOneDrive + plan.libraries * plan.itemsPerLibrary,
      instances: plan.instances,
      intervals: plan.intervals,
      maxLagSeconds: round(maxLagSeconds(spans, times.firstFullSync)),
      throttled: stats.throttledRequests,
      ruPerMinutePeak: app?.peakMinuteUnits ?? 0,
      ruBudget: plan.resourceUnitsPerMinute,
      ruUtilisationWhileOverdue:
        utilisation.utilisation === null ? null : round(utilisation.utilisation),
      peakRssMb: sources.peakRssMb,
      graphRequestsPerDrivePerInterval: round(perInterval),
    },
    summary:
      `${utilisation.minutes} minutes with a drive's sync due and not done throughout; ` +
      `${app?.totalUnits ?? 0} RU in ${app?.requests ?? 0} Graph requests`,
  };
}
