/**
 * The emulator's thumbnails, as Microsoft documents them: a list of thumbnail sets (one for
 * images, PDFs and Office files, none for other files and folders), `$select` of a size, one
 * thumbnail addressed by set and size, its content as a 302 to a pre-authenticated URL on the
 * content host whose bytes are a real PNG, coloured by the content (a changed file: a new URL
 * and a new colour), and the same access rules as the item itself.
 */
import { inflateSync } from 'node:zlib';
import { request } from 'undici';
import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

/** Width, height and the first pixel's RGB of an 8-bit RGB PNG, read from its chunks. */
function readPng(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(data));
  expect(pixels.length).toBe(height * (1 + width * 3));
  return { width, height, firstPixel: [...pixels.subarray(1, 4)] };
}

describe('emulated Graph: thumbnails', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
    for (const name of ['photo.jpg', 'report.pdf', 'notes.docx', 'budget.xlsx', 'readme.txt']) {
      files[name] = (await emulator.control.createItem(driveId, { name, size: 2000 })).id;
    }
    files.folder = (
      await emulator.control.createItem(driveId, { name: 'Pictures', folder: true })
    ).id;
  });
  afterAll(async () => {
    await emulator.close();
  });

  const itemUrl = (itemId: string, drive = driveId) =>
    `${emulator.info.graphUrl}/drives/${drive}/items/${itemId}`;
  const get = (url: string, bearer = token) => http(emulator, 'GET', url, { token: bearer });
  const bytesOf = async (url: string) => {
    const response = await request(url, { dispatcher: emulator.dispatcher });
    return {
      status: response.statusCode,
      type: response.headers['content-type'],
      bytes: Buffer.from(await response.body.arrayBuffer()),
    };
  };

  it('lists one set (small, medium, large) for images, PDFs and Office files', async () => {
    for (const name of ['photo.jpg', 'report.pdf', 'notes.docx', 'budget.xlsx']) {
      const listed = await get(`${itemUrl(files[name])}/thumbnails`);
      expect(listed.status).toBe(200);
      expect(listed.body.value).toHaveLength(1);
      const [set] = listed.body.value;
      expect(set.id).toBe('0');
      expect(set.small).toMatchObject({ width: 96, height: 96 });
      expect(set.medium).toMatchObject({ width: 176, height: 176 });
      expect(set.large).toMatchObject({ width: 800, height: 800 });
      // Pre-authenticated, on the content host: no token goes there.
      expect(new URL(set.small.url).hostname).toBe('127.0.0.1');
    }
  });

  it('answers an empty list for other files and for folders', async () => {
    for (const id of [files['readme.txt'], files.folder]) {
      const listed = await get(`${itemUrl(id)}/thumbnails`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ value: [] });
    }
  });

  it('keeps only the sizes $select names', async () => {
    const listed = await get(`${itemUrl(files['photo.jpg'])}/thumbnails?$select=small`);
    expect(Object.keys(listed.body.value[0]).sort()).toEqual(['id', 'small']);
    const plain = await get(`${itemUrl(files['photo.jpg'])}/thumbnails?select=medium`);
    expect(Object.keys(plain.body.value[0]).sort()).toEqual(['id', 'medium']);
  });

  it('serves a real PNG of the size asked, through a 302 from .../small/content', async () => {
    const single = await get(`${itemUrl(files['report.pdf'])}/thumbnails/0/small`);
    expect(single.status).toBe(200);
    expect(single.body).toMatchObject({ width: 96, height: 96 });
    const redirect = await get(`${itemUrl(files['report.pdf'])}/thumbnails/0/small/content`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe(single.body.url);
    const image = await bytesOf(String(redirect.headers.location));
    expect(image.status).toBe(200);
    expect(image.type).toBe('image/png');
    expect(readPng(image.bytes)).toMatchObject({ width: 96, height: 96 });
    const large = await bytesOf(
      (await get(`${itemUrl(files['report.pdf'])}/thumbnails/0/large`)).body.url
    );
    expect(readPng(large.bytes)).toMatchObject({ width: 800, height: 800 });
  });

  it('gives a changed file a new URL and a new colour; the old URL answers 404', async () => {
    const before = (await get(`${itemUrl(files['photo.jpg'])}/thumbnails`)).body.value[0].small.url;
    const oldImage = readPng((await bytesOf(before)).bytes);
    await emulator.control.modifyItem(driveId, files['photo.jpg'], { seed: 'another picture' });
    const after = (await get(`${itemUrl(files['photo.jpg'])}/thumbnails`)).body.value[0].small.url;
    expect(after).not.toBe(before);
    expect(readPng((await bytesOf(after)).bytes).firstPixel).not.toEqual(oldImage.firstPixel);
    expect((await bytesOf(before)).status).toBe(404);
  });

  it('answers 404 for a missing size, set or item, and for a file without thumbnails', async () => {
    for (const path of [
      `${itemUrl(files['photo.jpg'])}/thumbnails/0/huge`,
      `${itemUrl(files['photo.jpg'])}/thumbnails/7/small`,
      `${itemUrl(files['readme.txt'])}/thumbnails/0/small/content`,
      `${itemUrl('01NOSUCHITEM')}/thumbnails`,
    ]) {
      const answer = await get(path);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('itemNotFound');
    }
    // A URL whose signature was tampered with is no URL of the emulator's.
    const genuine: string = (await get(`${itemUrl(files['report.pdf'])}/thumbnails/0/small`)).body
      .url;
    expect((await bytesOf(`${genuine.slice(0, -4)}AAAA`)).status).toBe(404);
  });

  it('asks for a token, and refuses an app the drive is not granted to', async () => {
    const anonymous = await http(emulator, 'GET', `${itemUrl(files['photo.jpg'])}/thumbnails`);
    expect(anonymous.status).toBe(401);
    const app = await emulator.control.createApp({ permissions: ['Sites.Selected'] });
    const stranger = await appToken(emulator, app.clientId, app.clientSecret);
    const refused = await get(`${itemUrl(files['photo.jpg'])}/thumbnails`, stranger);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('accessDenied');
  });
});
