import { Field, Grid } from '@strapi/design-system';
import type { ReactNode } from 'react';

interface SettingsFieldProps {
  name: string;
  label: string;
  hint: string;
  /** Columns of the settings grid, out of 12 (full width on small screens). */
  col?: 6 | 12;
  children: ReactNode;
}

/** One cell of a settings form, laid out as Strapi's own settings pages do: label, input, hint. */
export const SettingsField = ({ name, label, hint, col = 6, children }: SettingsFieldProps) => (
  <Grid.Item col={col} s={12} direction="column" alignItems="stretch">
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      {children}
      <Field.Hint />
    </Field.Root>
  </Grid.Item>
);
