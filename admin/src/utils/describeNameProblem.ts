/**
 * A name problem (shared/names.ts) in the user's language, as a name field shows it while the
 * user types. The server's English message stays the server's; here each rule has its own words,
 * and a character rule names every offending character at once, so one correction is enough.
 */
import { MAX_PATH_LENGTH, type NameProblem } from '../../../shared/names';
import type { Translate } from '../hooks/useT';

export function describeNameProblem(name: string, problem: NameProblem, t: Translate): string {
  switch (problem.rule) {
    case 'invalidCharacter':
    case 'discouragedCharacter': {
      const characters = problem.characters ?? [];
      return t(
        'names.problem.characters',
        '“{name}” contains {count, plural, one {a character that is not allowed} other {characters that are not allowed}}: {characters}',
        { name, count: characters.length, characters: characters.join(' ') }
      );
    }
    case 'empty':
      return t('names.problem.empty', 'Enter a name');
    case 'dot':
      return t('names.problem.dot', '“{name}” cannot be used as a name', { name });
    case 'controlCharacter':
      return t(
        'names.problem.controlCharacter',
        'A name cannot contain control characters, such as a tab or a line break'
      );
    case 'unpairedSurrogate':
      return t('names.problem.unpairedSurrogate', 'The name contains an incomplete character');
    case 'leadingSpace':
      return t('names.problem.leadingSpace', 'A name cannot start with a space');
    case 'trailingSpace':
      return t('names.problem.trailingSpace', 'A name cannot end with a space');
    case 'reservedName':
      return t('names.problem.reservedName', '“{name}” is reserved by SharePoint and OneDrive', {
        name,
      });
    case 'vtiName':
      return t(
        'names.problem.vtiName',
        'A name cannot contain “_vti_”, which SharePoint reserves for its own use'
      );
    case 'lockFilePrefix':
      return t(
        'names.problem.lockFilePrefix',
        'A name cannot start with “~$”, which Office uses for lock files'
      );
    case 'formsFolder':
      return t(
        'names.problem.formsFolder',
        'A folder named “forms” is not allowed at the root of a library'
      );
    case 'pathTooLong':
      return t(
        'names.problem.pathTooLong',
        'The full path would be too long: SharePoint and OneDrive need it under {max} characters',
        { max: MAX_PATH_LENGTH }
      );
  }
}
