import { initialDeltaLink, withEnumerationOptions } from '../../../server/src/sync/delta-source';
import { DRIVE_ITEM_SELECT } from '../../../server/src/sync/item-mapper';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const OPTIONS = `$top=1000&$select=${DRIVE_ITEM_SELECT}`;

describe('enumeration links (a 410 Location, the first round)', () => {
  it('adds $top and $select to a Location with a token, leaving the token as it came', () => {
    const token = 'MzslMjM0OyUyMzE7Mz%2Bsy_M2-YwNDVh+MS1lNmRm==';
    expect(withEnumerationOptions(`${GRAPH}/drives/b!x/root/delta?token=${token}`)).toBe(
      `${GRAPH}/drives/b!x/root/delta?token=${token}&${OPTIONS}`
    );
  });

  it("adds them to the delta(token='...') form and to a bare link", () => {
    const link = `${GRAPH}/me/drive/root/delta(token='MzslMjM0OyUy%3D')`;
    expect(withEnumerationOptions(link)).toBe(`${link}?${OPTIONS}`);
    expect(withEnumerationOptions(`${GRAPH}/drives/x/root/delta?`)).toBe(
      `${GRAPH}/drives/x/root/delta?${OPTIONS}`
    );
  });

  it('keeps the options a link already carries, encoded or not', () => {
    const both = `${GRAPH}/drives/x/root/delta?token=abc&%24top=200&$select=id,name`;
    expect(withEnumerationOptions(both)).toBe(both);
    const topOnly = `${GRAPH}/drives/x/root/delta?$top=500&token=abc`;
    expect(withEnumerationOptions(topOnly)).toBe(`${topOnly}&$select=${DRIVE_ITEM_SELECT}`);
  });

  it('starts a first round with the same options', () => {
    expect(initialDeltaLink('b!a b')).toBe(`/drives/b!a%20b/root/delta?${OPTIONS}`);
  });
});
