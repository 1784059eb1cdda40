import { Box } from '@strapi/design-system';
import { useState, type DragEvent, type ReactNode } from 'react';

/**
 * The drive view's listing as a drop target: a dashed outline while something is dragged over it,
 * and what was dropped handed on (files, or folders read as a tree by the folder upload). Inert
 * when the user may not upload here.
 */
export const DropZone = ({
  enabled,
  onDrop,
  children,
}: {
  enabled: boolean;
  onDrop: (data: DataTransfer) => void;
  children: ReactNode;
}) => {
  const [isDragging, setIsDragging] = useState(false);
  return (
    <Box
      onDragOver={(event: DragEvent) => {
        if (!enabled) return;
        event.preventDefault();
        setIsDragging(true);
      }}
      onDragLeave={() => setIsDragging(false)}
      onDrop={(event: DragEvent) => {
        event.preventDefault();
        setIsDragging(false);
        if (enabled) onDrop(event.dataTransfer);
      }}
      borderStyle={isDragging ? 'dashed' : undefined}
      borderWidth={isDragging ? '2px' : undefined}
      borderColor={isDragging ? 'primary600' : undefined}
      hasRadius
    >
      {children}
    </Box>
  );
};
