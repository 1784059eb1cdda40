import { InvalidNameError, assertValidName } from '../../../server/src/files/names';

describe("the server's name check", () => {
  it('assertValidName throws an InvalidNameError carrying the rule', () => {
    expect(() => assertValidName('a:b')).toThrow(InvalidNameError);
    try {
      assertValidName('CON.txt');
    } catch (error) {
      expect((error as InvalidNameError).problem.rule).toBe('reservedName');
      expect((error as InvalidNameError).itemName).toBe('CON.txt');
    }
    expect(() => assertValidName('fine.txt')).not.toThrow();
  });
});
