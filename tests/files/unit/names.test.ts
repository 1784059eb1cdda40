import { InvalidNameError, assertValidNameIn } from '../../../server/src/files/names';

const atRoot = {
  driveName: 'Documents',
  folderPath: '',
  isFolder: false,
  rejectDiscouragedCharacters: true,
};

describe("the server's name check", () => {
  it('assertValidNameIn throws an InvalidNameError carrying the rule and the name', () => {
    expect(() => assertValidNameIn('a:b', atRoot)).toThrow(InvalidNameError);
    let refused: unknown;
    try {
      assertValidNameIn('CON.txt', atRoot);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InvalidNameError);
    expect((refused as InvalidNameError).problem.rule).toBe('reservedName');
    expect((refused as InvalidNameError).itemName).toBe('CON.txt');
    expect(() => assertValidNameIn('fine.txt', atRoot)).not.toThrow();
  });
});
