import {
  findNameProblem,
  findNameProblemIn,
  joinItemPath,
  listCharacters,
  refusedCharacters,
} from '../../../shared/names';

describe('SharePoint and OneDrive name rules', () => {
  it.each(['"', '*', ':', '<', '>', '?', '/', '\\', '|'])(
    'names the invalid character %s',
    (character) => {
      expect(findNameProblem(`report${character}2024.docx`)).toEqual({
        rule: 'invalidCharacter',
        message: `The name contains the character '${character}', which SharePoint and OneDrive do not allow`,
        characters: [character],
      });
    }
  );

  it('names every invalid character at once, each once', () => {
    expect(findNameProblem('a|b:c|d')).toEqual({
      rule: 'invalidCharacter',
      message: "The name contains the characters '|' and ':', which SharePoint and OneDrive do not allow",
      characters: ['|', ':'],
    });
  });

  it('names every discouraged character at once', () => {
    expect(findNameProblem('a#b%.txt')).toEqual({
      rule: 'discouragedCharacter',
      message:
        "The name contains the characters '#' and '%', which your administrator asks to avoid in SharePoint and OneDrive names",
      characters: ['#', '%'],
    });
    expect(findNameProblem('a#b%c&.txt')?.message).toContain("'#', '%', and '&'");
  });

  it('names the discouraged characters beside the invalid ones', () => {
    expect(findNameProblem('a?b#.txt')).toEqual({
      rule: 'invalidCharacter',
      message:
        "The name contains the character '?', which SharePoint and OneDrive do not allow; it also contains the character '#', which your administrator asks to avoid",
      characters: ['?', '#'],
    });
    expect(
      findNameProblem('a?b#.txt', { rejectDiscouragedCharacters: false })?.characters
    ).toEqual(['?']);
  });

  it('lists the characters the setting refuses, for the name dialogs\' hint', () => {
    expect(refusedCharacters(true)).toEqual(['"', '*', ':', '<', '>', '?', '/', '\\', '|', '#', '%', '&']);
    expect(refusedCharacters(false)).not.toContain('#');
    expect(listCharacters(['#', '%'], 'fr')).toBe("'#' et '%'");
  });

  it.each(['#', '%', '&'])('rejects %s while the setting is on (the default)', (character) => {
    const problem = findNameProblem(`Q1 ${character} Q2.xlsx`);
    expect(problem?.rule).toBe('discouragedCharacter');
    expect(problem?.message).toBe(
      `The name contains the character '${character}', which your administrator asks to avoid in SharePoint and OneDrive names`
    );
  });

  it.each(['#', '%', '&'])('accepts %s when the setting is off', (character) => {
    expect(
      findNameProblem(`Q1 ${character} Q2.xlsx`, { rejectDiscouragedCharacters: false })
    ).toBeNull();
  });

  it.each([
    ['\u0000', 'U+0000'],
    ['\t', 'U+0009'],
    ['\n', 'U+000A'],
    ['\u001f', 'U+001F'],
    ['\u007f', 'U+007F'],
  ])('rejects the control character %j', (character, code) => {
    expect(findNameProblem(`a${character}b`)).toEqual({
      rule: 'controlCharacter',
      message: `The name contains the control character ${code}, which SharePoint and OneDrive do not allow`,
    });
  });

  it.each([
    ['a lone high surrogate', 'bad\ud800name.txt', 'U+D800'],
    ['a lone low surrogate', 'bad\udc00name.txt', 'U+DC00'],
    ['a high surrogate at the end', 'end\udbff', 'U+DBFF'],
    ['two high surrogates', '\ud83d\ud83d.txt', 'U+D83D'],
  ])('rejects %s (it cannot be written as UTF-8)', (_label, name, code) => {
    expect(findNameProblem(name)).toEqual({
      rule: 'unpairedSurrogate',
      message: `The name contains ${code}, half of a Unicode surrogate pair, which is not a character`,
    });
  });

  it('accepts characters outside the BMP (proper surrogate pairs)', () => {
    expect(findNameProblem('\u{1F4C4} report.txt')).toBeNull();
    expect(findNameProblem('\ud83d\udcc4.txt')).toBeNull();
  });

  it('rejects leading and trailing spaces with their own messages', () => {
    expect(findNameProblem(' notes.txt')).toEqual({
      rule: 'leadingSpace',
      message: 'The name must not start with a space',
    });
    expect(findNameProblem('notes.txt ')).toEqual({
      rule: 'trailingSpace',
      message: 'The name must not end with a space',
    });
    expect(findNameProblem('my notes.txt')).toBeNull();
  });

  it('rejects empty names, blank names, . and ..', () => {
    expect(findNameProblem('')?.rule).toBe('empty');
    expect(findNameProblem('   ')).toEqual({
      rule: 'empty',
      message: 'The name contains only spaces',
    });
    expect(findNameProblem('.')).toEqual({ rule: 'dot', message: "The name '.' is not allowed" });
    expect(findNameProblem('..')?.rule).toBe('dot');
    expect(findNameProblem('...txt')).toBeNull();
  });

  const deviceNames = [
    'CON',
    'PRN',
    'AUX',
    'NUL',
    ...Array.from({ length: 10 }, (_, i) => `COM${i}`),
    ...Array.from({ length: 10 }, (_, i) => `LPT${i}`),
  ];
  it.each(deviceNames)('rejects the device name %s, in any case and with an extension', (base) => {
    for (const name of [base, base.toLowerCase(), `${base}.txt`, `${base.toLowerCase()}.tar.gz`]) {
      expect(findNameProblem(name)).toEqual({
        rule: 'reservedName',
        message: `The name '${name}' is reserved: '${base}' cannot be used as a name, even with an extension`,
      });
    }
  });

  it('accepts names that only start like a device name', () => {
    for (const name of [
      'CONTRACT.pdf',
      'console.log',
      'COM10',
      'LPT',
      'auxiliary',
      'nullable.ts',
    ]) {
      expect(findNameProblem(name)).toBeNull();
    }
  });

  it('rejects .lock and desktop.ini (any case)', () => {
    expect(findNameProblem('.lock')).toEqual({
      rule: 'reservedName',
      message: "The name '.lock' is reserved by SharePoint and OneDrive",
    });
    expect(findNameProblem('Desktop.INI')?.rule).toBe('reservedName');
    expect(findNameProblem('file.lock')).toBeNull();
    expect(findNameProblem('desktop.ini.bak')).toBeNull();
  });

  it('rejects _vti_ anywhere in a name', () => {
    for (const name of ['_vti_cnf', 'my_vti_file.txt', 'end_VTI_']) {
      expect(findNameProblem(name)).toEqual({
        rule: 'vtiName',
        message: "The name contains '_vti_', which SharePoint reserves for its own use",
      });
    }
    expect(findNameProblem('vti.txt')).toBeNull();
  });

  it('rejects names starting with ~$', () => {
    expect(findNameProblem('~$budget.xlsx')).toEqual({
      rule: 'lockFilePrefix',
      message: "The name must not start with '~$' (Office uses it for lock files)",
    });
    expect(findNameProblem('budget~$.xlsx')).toBeNull();
    expect(findNameProblem('~budget.xlsx')).toBeNull();
  });

  it('rejects a folder named forms at the root only', () => {
    const message = "A folder named 'forms' is not allowed at the root of a library";
    expect(findNameProblem('forms', { isFolder: true })).toEqual({ rule: 'formsFolder', message });
    expect(findNameProblem('Forms', { isFolder: true, parentPath: '/' })?.rule).toBe('formsFolder');
    expect(findNameProblem('forms', { isFolder: true, parentPath: '/Projects' })).toBeNull();
    expect(findNameProblem('forms', { isFolder: false })).toBeNull();
  });

  it('keeps the whole path under 400 characters', () => {
    const parentPath = `/${'a'.repeat(200)}/${'b'.repeat(180)}`;
    // '/' + 200 + '/' + 180 = 382, plus '/' + name.
    expect(findNameProblem('c'.repeat(16), { parentPath })).toBeNull(); // 399
    expect(findNameProblem('c'.repeat(17), { parentPath })).toEqual({
      rule: 'pathTooLong',
      message:
        'The full path would be 400 characters long; SharePoint and OneDrive need it under 400',
    });
    expect(findNameProblem('x'.repeat(399))?.rule).toBe('pathTooLong');
    expect(findNameProblem('x'.repeat(398))).toBeNull();
  });

  it('accepts ordinary names, including non-ASCII ones', () => {
    for (const name of ['Report 2024.docx', 'Ünïcödé — 資料.pdf', '.gitignore', 'a', "it's.txt"]) {
      expect(findNameProblem(name)).toBeNull();
    }
  });

  it('joins item paths whatever the parent form', () => {
    expect(joinItemPath(undefined, 'a')).toBe('/a');
    expect(joinItemPath('', 'a')).toBe('/a');
    expect(joinItemPath('/', 'a')).toBe('/a');
    expect(joinItemPath('x/y/', 'a')).toBe('/x/y/a');
  });


  describe('in a place (what the server checks before a write, the panel as the user types)', () => {
    const root = { driveName: 'Documents', folderPath: '', rejectDiscouragedCharacters: true };

    it('counts the library in the path length', () => {
      // '/Documents/' + 389 characters = 400: one over SharePoint's limit with the library.
      const name = 'x'.repeat(389);
      expect(findNameProblemIn(name, { ...root, isFolder: false })?.rule).toBe('pathTooLong');
      expect(findNameProblem(name)).toBeNull();
    });

    it('refuses a forms folder at the library root only, and never a forms file', () => {
      expect(findNameProblemIn('forms', { ...root, isFolder: true })?.rule).toBe('formsFolder');
      expect(findNameProblemIn('forms', { ...root, isFolder: false })).toBeNull();
      expect(
        findNameProblemIn('forms', { ...root, folderPath: '/Projects', isFolder: true })
      ).toBeNull();
    });

    it('follows the setting for # % &', () => {
      const file = { ...root, isFolder: false };
      expect(findNameProblemIn('a#b%.txt', file)?.characters).toEqual(['#', '%']);
      expect(
        findNameProblemIn('a#b%.txt', { ...file, rejectDiscouragedCharacters: false })
      ).toBeNull();
    });
  });
});
