import { Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';

/** A table's head: one column title per label, in the design system's header style. */
export const TableHeadRow = ({ labels }: { labels: ReactNode[] }) => (
  <Thead>
    <Tr>
      {labels.map((label, index) => (
        <Th key={index}>
          <Typography variant="sigma">{label}</Typography>
        </Th>
      ))}
    </Tr>
  </Thead>
);
