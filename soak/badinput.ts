import type { SoakArgs } from './common';
export async function badInputSuite(_args: SoakArgs): Promise<Record<string, unknown>> {
  throw new Error('not written yet');
}
