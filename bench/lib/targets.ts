/**
 * How strictly a run holds its benchmark's targets. A full run holds the targets of issue 20; the
 * CI short set (`npm run bench -- ci`) runs small sizes on shared machines and holds half of each
 * ratio and memory target, as a regression guard rather than a proof (issue 20, section 3).
 */
export type TargetLevel = 'full' | 'half';

/** `--half-targets` on the command line: what the CI short set passes to each of its members. */
export const targetLevelOf = (args: string[]): TargetLevel =>
  args.includes('--half-targets') ? 'half' : 'full';

/**
 * The targets at this level: at `half`, each named ratio (a floor) and memory (a ceiling) target
 * is halved; exactness, request counts and latencies stay as they are.
 */
export function atLevel<T extends Record<string, number | boolean>>(
  targets: T,
  level: TargetLevel,
  ratioAndMemory: ReadonlyArray<keyof T>
): T {
  if (level === 'full') return targets;
  const halved: Record<string, number | boolean> = { ...targets };
  for (const key of ratioAndMemory) halved[key as string] = (targets[key] as number) / 2;
  return halved as T;
}
