/**
 * The fleet benchmark's size (issue 20, section 2) and how `--scale` shrinks it for a short run.
 *
 * At full size: 2,000 drives (1,950 OneDrives of a few hundred files, 50 libraries of 10,000
 * items), a 5-minute interval, Microsoft's smallest budget (1,200 RU a minute, 1,200,000 a day).
 * A scaled run has `scale` times the drives; its interval shrinks as far as whole minutes allow
 * (the plugin's unit), and the budget is set so that what matters stays as at full size: the share
 * of the budget the polling needs (drives / interval / budget). The libraries keep their size (a
 * big first sync beside many small ones is the point), and the day budget stays 1,000 times the
 * minute budget, Microsoft's ratio at every tenant size.
 */
export const FULL_SIZE = {
  oneDrives: 1950,
  libraries: 50,
  filesPerOneDrive: 300,
  itemsPerLibrary: 10_000,
  intervalMinutes: 5,
  resourceUnitsPerMinute: 1200,
  intervals: 3,
  instances: 2,
} as const;

export interface FleetPlan {
  scale: number;
  oneDrives: number;
  libraries: number;
  filesPerOneDrive: number;
  itemsPerLibrary: number;
  intervalMinutes: number;
  resourceUnitsPerMinute: number;
  resourceUnitsPerDay: number;
  intervals: number;
  instances: number;
  /** Random changes a minute, all drives together (each a small batch in one random drive). */
  changesPerMinute: number;
}

/** Changes a minute per drive: one drive in ten changes every 5-minute interval. */
const CHANGES_PER_DRIVE_MINUTE = 0.02;

export function fleetPlan(
  scale: number,
  overrides: { filesPerOneDrive?: number; itemsPerLibrary?: number } = {}
): FleetPlan {
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1] (got ${scale})`);
  const oneDrives = Math.max(1, Math.round(FULL_SIZE.oneDrives * scale));
  const libraries = Math.max(1, Math.round(FULL_SIZE.libraries * scale));
  const intervalMinutes = Math.max(1, Math.round(FULL_SIZE.intervalMinutes * scale));
  // Polling needs drives / interval RU a minute (a delta with a token costs 1): kept at the same
  // share of the budget as at full size.
  const resourceUnitsPerMinute = Math.round(
    (FULL_SIZE.resourceUnitsPerMinute * scale * FULL_SIZE.intervalMinutes) / intervalMinutes
  );
  return {
    scale,
    oneDrives,
    libraries,
    filesPerOneDrive: overrides.filesPerOneDrive ?? FULL_SIZE.filesPerOneDrive,
    itemsPerLibrary: overrides.itemsPerLibrary ?? FULL_SIZE.itemsPerLibrary,
    intervalMinutes,
    resourceUnitsPerMinute,
    resourceUnitsPerDay: resourceUnitsPerMinute * 1000,
    intervals: FULL_SIZE.intervals,
    instances: FULL_SIZE.instances,
    changesPerMinute: Math.max(1, Math.round((oneDrives + libraries) * CHANGES_PER_DRIVE_MINUTE)),
  };
}
