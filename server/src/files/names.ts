/**
 * The server's use of the name rules (shared/names.ts, one implementation for the server and the
 * admin panel): a name that breaks one stops the operation with the message the user sees.
 */
import { findNameProblemIn, type NamePlace, type NameProblem } from '../../../shared/names';

export * from '../../../shared/names';

/** Thrown by `assertValidNameIn`: the message is the one the user sees. */
export class InvalidNameError extends Error {
  constructor(
    readonly problem: NameProblem,
    readonly itemName: string
  ) {
    super(problem.message);
    this.name = 'InvalidNameError';
  }
}

/** The check before a write: the name in its place (drive, folder), under the admin's setting. */
export function assertValidNameIn(name: string, place: NamePlace): void {
  const problem = findNameProblemIn(name, place);
  if (problem) throw new InvalidNameError(problem, name);
}
