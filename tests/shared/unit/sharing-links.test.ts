import { linkScopeOfDrive, sharingLinksOn } from '../../../shared/contracts/sharing-links';

describe('sharing links: the switch and a drive’s scope', () => {
  it('follows Downloads while the switch is unset, and decides alone once set', () => {
    expect(sharingLinksOn({ sharingLinksEnabled: null, downloadsEnabled: true })).toBe(true);
    expect(sharingLinksOn({ sharingLinksEnabled: null, downloadsEnabled: false })).toBe(false);
    expect(sharingLinksOn({ sharingLinksEnabled: true, downloadsEnabled: false })).toBe(true);
    expect(sharingLinksOn({ sharingLinksEnabled: false, downloadsEnabled: true })).toBe(false);
  });

  it('gives organization links unless links are off or the platform drive says none', () => {
    expect(linkScopeOfDrive({ scope: 'platform', linkScope: 'organization' }, true)).toBe(
      'organization'
    );
    // A row from before the column: the default.
    expect(linkScopeOfDrive({ scope: 'platform', linkScope: null }, true)).toBe('organization');
    expect(linkScopeOfDrive({ scope: 'platform', linkScope: 'none' }, true)).toBeNull();
    expect(linkScopeOfDrive({ scope: 'platform', linkScope: 'organization' }, false)).toBeNull();
    expect(linkScopeOfDrive({ scope: 'personal', linkScope: null }, true)).toBe('organization');
    expect(linkScopeOfDrive({ scope: 'personal', linkScope: null }, false)).toBeNull();
  });
});
