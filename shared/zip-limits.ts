/**
 * What an admin may allow in one folder ZIP (Settings > External Drives): the server refuses a
 * folder past either limit before it sends a byte; the Settings page offers the same ranges.
 */
export const ZIP_LIMITS = {
  /** Total size of the files, in megabytes (1 MB = 1,048,576 bytes). */
  maxMegabytes: { default: 10_240, min: 1, max: 1_048_576 },
  /** Number of files. */
  maxFiles: { default: 10_000, min: 1, max: 1_000_000 },
} as const;

export const BYTES_PER_MEGABYTE = 1_048_576;
