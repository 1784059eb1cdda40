import { quickXorHash } from '../../../emulator/src';
import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: content downloads', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  let file: { id: string; size: number; quickXorHash?: string; eTag: string; name: string };
  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
    const tree = await emulator.control.tree(driveId);
    file = tree.filter((entry) => !entry.isFolder).sort((a, b) => b.size - a.size)[0];
  });
  afterAll(async () => {
    await emulator.close();
  });
  const contentUrl = () => `${emulator.info.graphUrl}/drives/${driveId}/items/${file.id}/content`;

  it('answers 302 to a pre-authenticated URL on the other host whose bytes match the hash', async () => {
    const redirect = await http(emulator, 'GET', contentUrl(), { token });
    expect(redirect.status).toBe(302);
    const location = String(redirect.headers.location);
    expect(new URL(location).hostname).toBe('127.0.0.1');
    const download = await http(emulator, 'GET', location);
    expect(download.status).toBe(200);
    expect(download.headers['content-length']).toBe(String(file.size));
    expect(download.headers['content-disposition']).toContain(encodeURIComponent(file.name));
    expect(download.headers['content-type']).toBeTruthy();
    const bytes = Buffer.from(download.text, 'latin1');
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('serves Range requests with 206 and Content-Range; the whole equals the hash', async () => {
    const location = String(
      (await http(emulator, 'GET', contentUrl(), { token })).headers.location
    );
    const { request } = await import('undici');
    const whole = await request(location, { dispatcher: emulator.dispatcher });
    const bytes = Buffer.from(await whole.body.arrayBuffer());
    expect(bytes.length).toBe(file.size);
    expect(quickXorHash(bytes)).toBe(file.quickXorHash);

    const partial = await request(location, {
      dispatcher: emulator.dispatcher,
      headers: { range: 'bytes=100-1099' },
    });
    expect(partial.statusCode).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 100-1099/${file.size}`);
    expect(Buffer.from(await partial.body.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(
      true
    );

    const tail = await request(location, {
      dispatcher: emulator.dispatcher,
      headers: { range: 'bytes=-10' },
    });
    expect(tail.statusCode).toBe(206);
    expect(
      Buffer.from(await tail.body.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))
    ).toBe(true);

    const unsatisfiable = await request(location, {
      dispatcher: emulator.dispatcher,
      headers: { range: `bytes=${file.size}-` },
    });
    expect(unsatisfiable.statusCode).toBe(416);
    expect(unsatisfiable.headers['content-range']).toBe(`bytes */${file.size}`);
    await unsatisfiable.body.dump();
  });

  it('needs no Authorization on the download URL and rejects a tampered one', async () => {
    const location = String(
      (await http(emulator, 'GET', contentUrl(), { token })).headers.location
    );
    expect((await http(emulator, 'GET', location, { token: 'garbage' })).status).toBe(200);
    const tampered = location.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await http(emulator, 'GET', tampered)).status).toBe(401);
  });

  it('answers 304 to if-none-match with the current eTag', async () => {
    const notModified = await http(emulator, 'GET', contentUrl(), {
      token,
      headers: { 'if-none-match': file.eTag },
    });
    expect(notModified.status).toBe(304);
    await emulator.control.modifyItem(driveId, file.id, { size: 5000 });
    const changed = await http(emulator, 'GET', contentUrl(), {
      token,
      headers: { 'if-none-match': file.eTag },
    });
    expect(changed.status).toBe(302);
  });

  it('serves the current bytes through a URL issued before the item changed, 404 once deleted', async () => {
    const location = String(
      (await http(emulator, 'GET', contentUrl(), { token })).headers.location
    );
    await emulator.control.modifyItem(driveId, file.id, { size: 6000 });
    const after = await http(emulator, 'GET', location);
    expect(after.status).toBe(200);
    expect(after.headers['content-length']).toBe('6000');
    await emulator.control.deleteItem(driveId, file.id);
    expect((await http(emulator, 'GET', location)).status).toBe(404);
  });
});
