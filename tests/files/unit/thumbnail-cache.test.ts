/**
 * The thumbnails kept in memory: least recently used out first, within their bytes and count;
 * "no thumbnail" believed for a while only; one entry per cTag, so a new cTag is a miss.
 */
import { ThumbnailCache } from '../../../server/src/files/thumbnails/thumbnail-cache';
import { fileKindOf, hasThumbnailKind, thumbnailPath } from '../../../shared/thumbnails';

const image = (length: number) => ({ bytes: Buffer.alloc(length, 1), contentType: 'image/png' });

describe('the thumbnail cache', () => {
  it('drops the least recently used entries past its byte bound', () => {
    const cache = new ThumbnailCache({ maxBytes: 250 });
    cache.set('a', image(100));
    cache.set('b', image(100));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', image(100));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toEqual({ entries: 2, bytes: 200 });
  });

  it('keeps at most its entry count, and never an image larger than its whole bound', () => {
    const cache = new ThumbnailCache({ maxEntries: 2, maxBytes: 1000 });
    cache.set('a', 'none');
    cache.set('b', 'none');
    cache.set('c', 'none');
    expect(cache.get('a')).toBeUndefined();
    cache.set('huge', image(1001));
    expect(cache.get('huge')).toBeUndefined();
  });

  it('forgets "no thumbnail" after its lifetime, but not an image', () => {
    let now = 0;
    const cache = new ThumbnailCache({ noneLifetimeMs: 1000, now: () => now });
    cache.set('none', 'none');
    cache.set('image', image(10));
    now = 999;
    expect(cache.get('none')).toBe('none');
    now = 1000;
    expect(cache.get('none')).toBeUndefined();
    expect(cache.get('image')).toBeDefined();
  });

  it('replaces an entry under the same key, counting its bytes once', () => {
    const cache = new ThumbnailCache();
    cache.set('a', image(10));
    cache.set('a', image(30));
    expect(cache.size).toEqual({ entries: 1, bytes: 30 });
  });
});

describe('file kinds and the thumbnail route', () => {
  it('has thumbnails for images, PDFs and Office files only', () => {
    for (const name of ['a.JPG', 'b.pdf', 'c.docx', 'd.xlsx', 'e.pptx', 'f.png'])
      expect(hasThumbnailKind(name)).toBe(true);
    for (const name of ['a.txt', 'b.zip', 'c.mp4', 'README'])
      expect(hasThumbnailKind(name)).toBe(false);
    expect(hasThumbnailKind('scan', 'image/tiff')).toBe(true);
    expect(fileKindOf('clip.bin', 'video/mp4')).toBe('video');
  });

  it('names the cTag in the path, encoded', () => {
    expect(thumbnailPath(3, '01AB!C', '"c:{X},2"')).toBe(
      '/external-drives/drives/3/items/01AB!C/thumbnail?v=%22c%3A%7BX%7D%2C2%22'
    );
    expect(thumbnailPath(3, '01AB')).toBe('/external-drives/drives/3/items/01AB/thumbnail');
  });
});
