/**
 * The server's use of the name rules (shared/names.ts, one implementation for the server and the
 * admin panel): a name that breaks one stops the operation with the message the user sees.
 */
import { findNameProblem, type NameCheckOptions, type NameProblem } from '../../../shared/names';

export * from '../../../shared/names';

/** Thrown by `assertValidName`: the message is the one the user sees. */
export class InvalidNameError extends Error {
  constructor(
    readonly problem: NameProblem,
    readonly itemName: string
  ) {
    super(problem.message);
    this.name = 'InvalidNameError';
  }
}

export function assertValidName(name: string, options: NameCheckOptions = {}): void {
  const problem = findNameProblem(name, options);
  if (problem) throw new InvalidNameError(problem, name);
}
