/**
 * What a name field says while the user types (issue 17): each rule of shared/names.ts in the
 * panel's words, and a character rule naming every offending character at once, so one
 * correction is enough. Formatted as the panel does, with the English defaults (ICU plurals).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { describeNameProblem } from '../../../admin/src/utils/describeNameProblem';
import { findNameProblem, findNameProblemIn } from '../../../shared/names';

const english = (_key: string, message: string, values?: Record<string, string | number>) =>
  String(new IntlMessageFormat(message, 'en').format(values));

const describedAs = (name: string, options?: Parameters<typeof findNameProblem>[1]) => {
  const problem = findNameProblem(name, options);
  return problem && describeNameProblem(name, problem, english);
};

describe('describeNameProblem', () => {
  it('names every refused character at once, invalid and discouraged alike', () => {
    expect(describedAs('a#b%.txt')).toBe('“a#b%.txt” contains characters that are not allowed: # %');
    expect(describedAs('a?b#c?.txt')).toBe(
      '“a?b#c?.txt” contains characters that are not allowed: ? #'
    );
    expect(describedAs('Brief: final.docx')).toBe(
      '“Brief: final.docx” contains a character that is not allowed: :'
    );
  });

  it('follows the setting for # % &', () => {
    expect(describedAs('a#b.txt', { rejectDiscouragedCharacters: false })).toBeNull();
    expect(describedAs('a#b|.txt', { rejectDiscouragedCharacters: false })).toBe(
      '“a#b|.txt” contains a character that is not allowed: |'
    );
  });

  it.each([
    ['', 'Enter a name'],
    ['..', '“..” cannot be used as a name'],
    [' report.txt', 'A name cannot start with a space'],
    ['report.txt ', 'A name cannot end with a space'],
    ['CON.txt', '“CON.txt” is reserved by SharePoint and OneDrive'],
    ['a_vti_b', 'A name cannot contain “_vti_”, which SharePoint reserves for its own use'],
    ['~$report.docx', 'A name cannot start with “~$”, which Office uses for lock files'],
    ['a\tb', 'A name cannot contain control characters, such as a tab or a line break'],
  ])('describes %j', (name, text) => {
    expect(describedAs(name)).toBe(text);
  });

  it('describes the rules of a place: forms at the root, the path length with the library', () => {
    const root = { driveName: 'Briefs', folderPath: '', rejectDiscouragedCharacters: true };
    const forms = findNameProblemIn('forms', { ...root, isFolder: true })!;
    expect(describeNameProblem('forms', forms, english)).toBe(
      'A folder named “forms” is not allowed at the root of a library'
    );
    const long = 'x'.repeat(392);
    const tooLong = findNameProblemIn(long, { ...root, isFolder: false })!;
    expect(describeNameProblem(long, tooLong, english)).toBe(
      'The full path would be too long: SharePoint and OneDrive need it under 400 characters'
    );
  });
});
