import type { SoakArgs } from './common';
export async function faultsSuite(_args: SoakArgs): Promise<Record<string, unknown>> {
  throw new Error('not written yet');
}
