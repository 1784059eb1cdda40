/**
 * `POST /_control/fleet`: a company's worth of drives in one call. Every user gets a OneDrive with
 * the files asked for, the libraries sit on one site granted to the app (which reads them over
 * Graph like any other), and a malformed or oversized spec is refused.
 */
import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulator control: seeding a fleet of drives', () => {
  let emulator: HttpEmulator;

  beforeAll(async () => {
    emulator = await startHttpEmulator({ seed: 'empty' });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('creates users with a OneDrive each and libraries the app can read', async () => {
    const fleet = await emulator.control.addFleet({
      users: 5,
      filesPerUser: 16,
      libraries: 2,
      itemsPerLibrary: 100,
    });
    expect(fleet.users).toHaveLength(5);
    expect(new Set(fleet.users.map((user) => user.id)).size).toBe(5);
    expect(new Set(fleet.users.map((user) => user.driveId)).size).toBe(5);
    expect(fleet.libraryDriveIds).toHaveLength(2);

    const oneDrive = await emulator.control.tree(fleet.users[3].driveId);
    expect(oneDrive.filter((entry) => !entry.isFolder)).toHaveLength(16);
    const library = await emulator.control.tree(fleet.libraryDriveIds[1]);
    expect(library).toHaveLength(100);

    const info = await emulator.control.info();
    expect(info.users.map((user) => user.id)).toEqual(
      expect.arrayContaining(fleet.users.map((user) => user.id))
    );
    const token = await appToken(emulator, info.clientId, info.clientSecret);
    const drives = await http(emulator, 'GET', `${info.graphUrl}/sites/${fleet.siteId}/drives`, {
      token,
    });
    expect(drives.status).toBe(200);
    expect(drives.body.value.map((drive: { id: string }) => drive.id)).toEqual(
      fleet.libraryDriveIds
    );
  });

  it('refuses a malformed spec and one too large for a process', async () => {
    await expect(
      emulator.control.addFleet({ users: -1, filesPerUser: 1, libraries: 0, itemsPerLibrary: 0 })
    ).rejects.toThrow(/users must be a whole number/);
    await expect(
      emulator.control.addFleet({
        users: 0,
        filesPerUser: 0,
        libraries: 300,
        itemsPerLibrary: 10_000,
      })
    ).rejects.toThrow(/at most 2000000 items/);
  });
});
