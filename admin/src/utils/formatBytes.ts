const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 KB"; folders and unknown sizes -> "—". Sizes may arrive as strings (bigint). */
export const formatBytes = (value: number | string | null | undefined): string => {
  const bytes = Number(value);
  if (value === null || value === undefined || !Number.isFinite(bytes)) return '—';
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < UNITS.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : size.toFixed(size < 10 ? 1 : 0)} ${UNITS[unit]}`;
};
