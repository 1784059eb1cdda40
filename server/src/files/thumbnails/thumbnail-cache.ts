/**
 * Thumbnails kept in memory, least recently used first out, bounded by their bytes and their
 * count. An entry's key carries the item's cTag, which Microsoft changes with the content: a
 * changed file is a new key (the old entry ages out), never a stale image. "No thumbnail" is
 * remembered too, for a while only: Microsoft may make a new file's thumbnail some time after
 * the upload.
 */

export interface ThumbnailImage {
  bytes: Buffer;
  contentType: string;
}

export type CachedThumbnail = ThumbnailImage | 'none';

interface Entry {
  value: CachedThumbnail;
  /** Milliseconds since the epoch after which the entry is forgotten; none for images. */
  expiresAt?: number;
}

export interface ThumbnailCacheOptions {
  maxBytes?: number;
  maxEntries?: number;
  /** How long "this file has no thumbnail" is believed. */
  noneLifetimeMs?: number;
  now?: () => number;
}

const sizeOf = (value: CachedThumbnail) => (value === 'none' ? 0 : value.bytes.length);

export class ThumbnailCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private readonly noneLifetimeMs: number;
  private readonly now: () => number;

  constructor(options: ThumbnailCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 2000;
    this.noneLifetimeMs = options.noneLifetimeMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get(key: string): CachedThumbnail | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    // A Map keeps insertion order: taking the entry out and back in makes it the most recent.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: CachedThumbnail): void {
    this.delete(key);
    if (sizeOf(value) > this.maxBytes) return;
    this.entries.set(key, {
      value,
      ...(value === 'none' ? { expiresAt: this.now() + this.noneLifetimeMs } : {}),
    });
    this.bytes += sizeOf(value);
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.delete(oldest);
    }
  }

  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= sizeOf(entry.value);
    this.entries.delete(key);
  }
}
