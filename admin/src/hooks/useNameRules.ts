import { useMemo } from 'react';
import { findNameProblemIn, refusedCharacters, type NamePlace } from '../../../shared/names';
import { describeNameProblem } from '../utils/describeNameProblem';
import { useIntegrationState } from './useIntegrationState';
import { useT } from './useT';

/** Where a name goes, as the panel knows it; the setting comes from the integration's answer. */
export type NameTarget = Omit<NamePlace, 'rejectDiscouragedCharacters'>;

/**
 * The name rules as the server applies them now (shared/names.ts with the admin's `#` `%` `&`
 * setting from `GET /integration`): checked as the user types, the panel refuses what the server
 * would, in the user's language, before anything is sent.
 */
export const useNameRules = () => {
  const t = useT();
  const { rejectDiscouragedCharacters } = useIntegrationState();
  return useMemo(
    () => ({
      /** What a name field's hint lists. */
      refusedCharacters: refusedCharacters(rejectDiscouragedCharacters),
      /** Why the server would refuse the name there, or null when it will accept it. */
      problemOf(name: string, target: NameTarget): string | null {
        const problem = findNameProblemIn(name, { ...target, rejectDiscouragedCharacters });
        return problem && describeNameProblem(name, problem, t);
      },
    }),
    [rejectDiscouragedCharacters, t]
  );
};
