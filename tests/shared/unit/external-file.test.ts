import { toReference } from '../../../shared/external-file';

describe('toReference: what an External file value stores', () => {
  it('keeps the ids and a known link choice, and drops everything else', () => {
    expect(
      toReference({
        driveId: 'b!d',
        itemId: 'i',
        link: 'sharing',
        url: 'https://evil.example',
        webUrl: 'https://evil.example',
        sharingUrl: 'https://evil.example',
        name: 'x',
      })
    ).toEqual({ driveId: 'b!d', itemId: 'i', link: 'sharing' });
  });

  it('reads a value without a choice (or with an unknown one) as the download route', () => {
    expect(toReference({ driveId: 'b!d', itemId: 'i' })).toEqual({ driveId: 'b!d', itemId: 'i' });
    expect(toReference({ driveId: 'b!d', itemId: 'i', link: 'anonymous' })).toEqual({
      driveId: 'b!d',
      itemId: 'i',
    });
    expect(toReference({ driveId: 'b!d', link: 'sharing' })).toBeNull();
  });
});
