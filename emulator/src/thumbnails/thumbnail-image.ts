/**
 * The emulator's thumbnails: real PNG images, built by hand (signature, IHDR, one zlib IDAT, IEND)
 * so no image library is needed. The picture says what it shows: its background colour comes from
 * the file's content hash (a changed file gets a visibly different thumbnail), and a band along
 * the bottom from the file's kind (image, PDF, Word, Excel, PowerPoint).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** What a thumbnail is made for; anything else has none (Graph answers an empty list). */
export type ThumbnailKind = 'image' | 'pdf' | 'word' | 'excel' | 'powerpoint';

const EXTENSION_KINDS: Record<string, ThumbnailKind> = {
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  bmp: 'image',
  webp: 'image',
  tif: 'image',
  tiff: 'image',
  heic: 'image',
  pdf: 'pdf',
  doc: 'word',
  docx: 'word',
  docm: 'word',
  odt: 'word',
  rtf: 'word',
  xls: 'excel',
  xlsx: 'excel',
  xlsm: 'excel',
  ods: 'excel',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  pptm: 'powerpoint',
  odp: 'powerpoint',
};

/** The kind of a file by its name's extension, else its MIME type; null: no thumbnail. */
export function thumbnailKindOf(name: string, mimeType?: string): ThumbnailKind | null {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension && EXTENSION_KINDS[extension]) return EXTENSION_KINDS[extension];
  if (mimeType?.startsWith('image/')) return 'image';
  if (mimeType === 'application/pdf') return 'pdf';
  return null;
}

/** The standard sizes Graph documents for a thumbnail set, as the emulator draws them (square). */
export const THUMBNAIL_SIZES = { small: 96, medium: 176, large: 800 } as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

const BAND_COLOURS: Record<ThumbnailKind, [number, number, number]> = {
  image: [0, 150, 136],
  pdf: [200, 30, 30],
  word: [40, 90, 200],
  excel: [30, 130, 60],
  powerpoint: [210, 80, 20],
};

/** The background colour a content hash gives: kept in the middle range, so the band shows. */
export function backgroundColourOf(contentHash: string): [number, number, number] {
  const digest = createHash('sha256').update(contentHash).digest();
  return [64 + (digest[0] % 160), 64 + (digest[1] % 160), 64 + (digest[2] % 160)];
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A square RGB PNG of `side` pixels: the hash's colour, the kind's band in its bottom quarter. */
export function thumbnailPng(contentHash: string, kind: ThumbnailKind, side: number): Buffer {
  const background = backgroundColourOf(contentHash);
  const band = BAND_COLOURS[kind];
  const rowLength = 1 + side * 3;
  const raw = Buffer.alloc(rowLength * side);
  const bandStart = Math.floor((side * 3) / 4);
  for (let y = 0; y < side; y += 1) {
    const colour = y >= bandStart ? band : background;
    const row = y * rowLength;
    raw[row] = 0; // filter type "None"
    for (let x = 0; x < side; x += 1) {
      const pixel = row + 1 + x * 3;
      raw[pixel] = colour[0];
      raw[pixel + 1] = colour[1];
      raw[pixel + 2] = colour[2];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
