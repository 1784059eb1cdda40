/**
 * The fleet benchmark's result: the figures issue 20 (section 2) names, its targets and whether
 * they were met. A full run holds them whole; at `half` the one ratio floor
 * (ruUtilisationWhileOverdue) is halved (bench/lib/targets.ts).
 */
import { atLevel, type TargetLevel } from '../lib/targets';

export interface FleetFigures {
  drives: number;
  items: number;
  instances: number;
  intervals: number;
  maxLagSeconds: number;
  throttled: number;
  ruPerMinutePeak: number;
  ruBudget: number;
  /** null: no minute had a drive waiting throughout, so nothing was held back. */
  ruUtilisationWhileOverdue: number | null;
  peakRssMb: number[];
  graphRequestsPerDrivePerInterval: number;
  correct: boolean;
}

export function fleetResult(figures: FleetFigures, intervalSeconds: number, level: TargetLevel) {
  const targets = atLevel(
    {
      correct: true,
      throttled: 0,
      ruPerMinutePeakAtMost: 0.9 * figures.ruBudget,
      ruUtilisationWhileOverdueAtLeast: 0.7,
      maxLagSecondsUnder: intervalSeconds,
    },
    level,
    ['ruUtilisationWhileOverdueAtLeast']
  );
  const pass =
    figures.correct === targets.correct &&
    figures.throttled <= targets.throttled &&
    figures.ruPerMinutePeak <= targets.ruPerMinutePeakAtMost &&
    (figures.ruUtilisationWhileOverdue === null ||
      figures.ruUtilisationWhileOverdue >= targets.ruUtilisationWhileOverdueAtLeast) &&
    figures.maxLagSeconds < targets.maxLagSecondsUnder;
  return { ...figures, targetLevel: level, targets, pass };
}
