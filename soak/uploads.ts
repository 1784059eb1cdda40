import type { SoakArgs } from './common';
export async function uploadsSuite(_args: SoakArgs): Promise<Record<string, unknown>> {
  throw new Error('not written yet');
}
