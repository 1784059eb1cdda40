import { seededRandom } from '../ids';
import type { Drive, DriveItem } from '../store/model';
import type { TenantStore } from '../store/tenant-store';
import { SEED_TIME } from './demo';

const MIN_DEPTH = 6;

/**
 * Adds a library (default "Archive") of `count` items (files and folders together) to a site:
 * about one folder per 20 items, a chain of folders at least 6 deep, file sizes 1 KB-1 MB.
 * Creation cost is constant per item so 100,000 items seed in seconds.
 */
export function addLargeLibrary(
  store: TenantStore,
  count: number,
  siteId: string,
  name = 'Archive'
): Drive {
  const drive = store.createLibrary(siteId, name, SEED_TIME);
  const random = seededRandom(`large:${count}`);
  const root = store.requireItem(drive, 'root');
  const folders: DriveItem[] = [root];
  const authorIds = [...store.users.keys()];
  const by = () =>
    authorIds.length
      ? { kind: 'user' as const, userId: authorIds[Math.floor(random() * authorIds.length)] }
      : undefined;
  for (let i = 0; i < count; i++) {
    const isFolder = i % 20 === 0;
    // The first folders form a chain so the tree is at least MIN_DEPTH deep.
    const parent =
      isFolder && folders.length <= MIN_DEPTH
        ? folders[folders.length - 1]
        : folders[Math.floor(random() * folders.length)];
    if (isFolder) {
      folders.push(
        store.createItem(drive, parent, {
          name: `Folder ${i}`,
          folder: true,
          by: by(),
          at: SEED_TIME,
        })
      );
    } else {
      const size = 1024 + Math.floor(random() * (1024 * 1024 - 1024));
      store.createItem(drive, parent, {
        name: `File ${i}.bin`,
        content: { kind: 'generated', seed: `large/${i}`, size },
        by: by(),
        at: SEED_TIME,
      });
    }
  }
  return drive;
}
