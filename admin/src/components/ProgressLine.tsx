import { Box } from '@strapi/design-system';

/**
 * A light progress bar (an upload, a sync). The design system's ProgressBar is drawn for dark
 * cards (a white bar on grey) and a fixed width; this one fills its row in the primary colour.
 */
export const ProgressLine = ({ value, label }: { value: number; label: string }) => (
  <Box
    role="progressbar"
    aria-label={label}
    aria-valuemin={0}
    aria-valuemax={100}
    aria-valuenow={value}
    background="neutral150"
    hasRadius
    height="0.8rem"
    width="100%"
    overflow="hidden"
  >
    <Box
      background="primary600"
      height="100%"
      style={{ width: `${value}%`, transition: 'width 0.2s ease-out' }}
    />
  </Box>
);
