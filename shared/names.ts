/**
 * Name rules of SharePoint Online and OneDrive for Business, shared by the server (which checks a
 * name before any byte is sent to Microsoft: Graph's own answer is a vague 400) and the admin
 * panel (which checks it as the user types, so both say the same). Pure: no Strapi, no I/O, no DOM.
 */

/** Characters Microsoft refuses anywhere in a file or folder name. */
export const INVALID_CHARACTERS = ['"', '*', ':', '<', '>', '?', '/', '\\', '|'] as const;

/** Characters the product we follow tells users to avoid (some tenants refuse them). */
export const DISCOURAGED_CHARACTERS = ['#', '%', '&'] as const;

/** SharePoint/OneDrive for Business refuse decoded paths of 400 characters or more. */
export const MAX_PATH_LENGTH = 400;

/** Half of a UTF-16 surrogate pair without its other half: no character at all. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const RESERVED_DEVICE_NAME = /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$/i;

export type NameRule =
  | 'empty'
  | 'dot'
  | 'invalidCharacter'
  | 'discouragedCharacter'
  | 'controlCharacter'
  | 'unpairedSurrogate'
  | 'leadingSpace'
  | 'trailingSpace'
  | 'reservedName'
  | 'vtiName'
  | 'lockFilePrefix'
  | 'formsFolder'
  | 'pathTooLong';

export interface NameProblem {
  rule: NameRule;
  /** In English, as the server answers it. */
  message: string;
  /** For the character rules: every offending character, each once, in the order they appear. */
  characters?: string[];
}

export interface NameCheckOptions {
  /** The folder path the name goes into, from the drive root ('' or '/' for the root). */
  parentPath?: string;
  /**
   * Counted before the path in its length only: SharePoint counts the library's name
   * (`/Documents`) in a path's 400 characters, but a `forms` folder is refused at the library root.
   */
  pathPrefix?: string;
  /** True when the name is for a folder (the `forms` rule applies to root-level folders). */
  isFolder?: boolean;
  /** Reject `#`, `%` and `&` (the setting, on by default). */
  rejectDiscouragedCharacters?: boolean;
}

const quote = (character: string) => `'${character}'`;

/** "'#' and '%'": a list in the locale's words (the admin panel passes the user's). */
export function listCharacters(characters: readonly string[], locale = 'en'): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(characters.map(quote));
}

/** "the character '#'", "the characters '#' and '%'": the server's English wording. */
const describeCharacters = (characters: readonly string[]) =>
  `${characters.length === 1 ? 'the character' : 'the characters'} ${listCharacters(characters)}`;

/** The characters a name may not hold under the setting: what a name dialog's hint lists. */
export function refusedCharacters(rejectDiscouragedCharacters = true): string[] {
  return [...INVALID_CHARACTERS, ...(rejectDiscouragedCharacters ? DISCOURAGED_CHARACTERS : [])];
}

/** The name's invalid and (when refused) discouraged characters, each once, in order. */
function offendingCharacters(name: string, rejectDiscouraged: boolean) {
  const invalid = new Set<string>();
  const discouraged = new Set<string>();
  for (const character of name) {
    if ((INVALID_CHARACTERS as readonly string[]).includes(character)) invalid.add(character);
    if (rejectDiscouraged && (DISCOURAGED_CHARACTERS as readonly string[]).includes(character))
      discouraged.add(character);
  }
  return { invalid: [...invalid], discouraged: [...discouraged] };
}

const describeCodeUnit = (character: string) =>
  `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

const isRootPath = (parentPath: string | undefined) =>
  parentPath === undefined || parentPath.replace(/\/+/g, '') === '';

/** The drive-relative path the item will have: '/a/b' + 'c' -> '/a/b/c'. */
export function joinItemPath(parentPath: string | undefined, name: string): string {
  const parent = (parentPath ?? '').replace(/\/+$/, '');
  return `${parent.startsWith('/') || parent === '' ? parent : `/${parent}`}/${name}`;
}

/** The first rule the name breaks, or null when SharePoint and OneDrive will accept it. */
export function findNameProblem(name: string, options: NameCheckOptions = {}): NameProblem | null {
  const rejectDiscouraged = options.rejectDiscouragedCharacters ?? true;
  if (typeof name !== 'string' || name.length === 0) {
    return { rule: 'empty', message: 'The name is empty' };
  }
  if (name.trim().length === 0) {
    return { rule: 'empty', message: 'The name contains only spaces' };
  }
  if (name === '.' || name === '..') {
    return { rule: 'dot', message: `The name '${name}' is not allowed` };
  }
  const control = [...name].find((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
  if (control) {
    return {
      rule: 'controlCharacter',
      message: `The name contains the control character ${describeCodeUnit(control)}, which SharePoint and OneDrive do not allow`,
    };
  }
  // JSON can carry it ("\ud800"), UTF-8 cannot: it would reach Microsoft as U+FFFD, another name.
  const surrogate = UNPAIRED_SURROGATE.exec(name)?.[0];
  if (surrogate) {
    return {
      rule: 'unpairedSurrogate',
      message: `The name contains ${describeCodeUnit(surrogate)}, half of a Unicode surrogate pair, which is not a character`,
    };
  }
  // Every offending character at once: told one at a time, the user would fix one and be refused
  // again for the next.
  const { invalid, discouraged } = offendingCharacters(name, rejectDiscouraged);
  if (invalid.length > 0) {
    const avoided = discouraged.length
      ? `; it also contains ${describeCharacters(discouraged)}, which your administrator asks to avoid`
      : '';
    return {
      rule: 'invalidCharacter',
      message: `The name contains ${describeCharacters(invalid)}, which SharePoint and OneDrive do not allow${avoided}`,
      characters: [...invalid, ...discouraged],
    };
  }
  if (discouraged.length > 0) {
    return {
      rule: 'discouragedCharacter',
      message: `The name contains ${describeCharacters(discouraged)}, which your administrator asks to avoid in SharePoint and OneDrive names`,
      characters: discouraged,
    };
  }
  if (name.startsWith(' ')) {
    return { rule: 'leadingSpace', message: 'The name must not start with a space' };
  }
  if (name.endsWith(' ')) {
    return { rule: 'trailingSpace', message: 'The name must not end with a space' };
  }
  if (RESERVED_DEVICE_NAME.test(name)) {
    const base = name.split('.')[0];
    return {
      rule: 'reservedName',
      message: `The name '${name}' is reserved: '${base.toUpperCase()}' cannot be used as a name, even with an extension`,
    };
  }
  const lower = name.toLowerCase();
  if (lower === '.lock' || lower === 'desktop.ini') {
    return {
      rule: 'reservedName',
      message: `The name '${name}' is reserved by SharePoint and OneDrive`,
    };
  }
  if (lower.includes('_vti_')) {
    return {
      rule: 'vtiName',
      message: "The name contains '_vti_', which SharePoint reserves for its own use",
    };
  }
  if (name.startsWith('~$')) {
    return {
      rule: 'lockFilePrefix',
      message: "The name must not start with '~$' (Office uses it for lock files)",
    };
  }
  if (options.isFolder && lower === 'forms' && isRootPath(options.parentPath)) {
    return {
      rule: 'formsFolder',
      message: "A folder named 'forms' is not allowed at the root of a library",
    };
  }
  const path = `${options.pathPrefix ?? ''}${joinItemPath(options.parentPath, name)}`;
  if (path.length >= MAX_PATH_LENGTH) {
    return {
      rule: 'pathTooLong',
      message: `The full path would be ${path.length} characters long; SharePoint and OneDrive need it under ${MAX_PATH_LENGTH}`,
    };
  }
  return null;
}

/** Where an item's name goes: what the rules need beyond the name itself. */
export interface NamePlace {
  /** The drive's (library's) name: SharePoint counts it in a path's 400 characters. */
  driveName: string;
  /** The folder the item is or goes in, from the drive root ('/A/B', '' at the root). */
  folderPath: string;
  isFolder: boolean;
  /** The setting that refuses `#`, `%` and `&`. */
  rejectDiscouragedCharacters: boolean;
}

/**
 * The first rule a name breaks in that place, as the server checks it before a write and the
 * admin panel as the user types: the path length counts the library (`/Documents/A/name`).
 */
export function findNameProblemIn(name: string, place: NamePlace): NameProblem | null {
  return findNameProblem(name, {
    parentPath: place.folderPath,
    pathPrefix: `/${place.driveName}`,
    isFolder: place.isFolder,
    rejectDiscouragedCharacters: place.rejectDiscouragedCharacters,
  });
}
