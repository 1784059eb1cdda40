import { useEffect, useRef, useState } from 'react';
import { useAdminToken } from '../../api/authorizedFetch';
import { fileKindOf, hasThumbnailKind, thumbnailPath } from '../../../../shared/thumbnails';
import { FileKindIcon } from './FileKindIcon';
import { knownThumbnail, loadThumbnail } from './thumbnailStore';
import { useOnceVisible } from './useOnceVisible';

interface FileThumbnailProps {
  driveId: number;
  item: { remoteId: string; name: string; mimeType: string | null; cTag?: string | null };
  /** Pixels of the square it takes; the small thumbnail is cropped to fill it. */
  size?: number;
}

/**
 * A file's small thumbnail in a listing row, fetched through the plugin (never from Microsoft)
 * once the row is visible, and only for images, PDFs and Office documents; the placeholder of the
 * file's kind until then, or when it has none.
 */
export const FileThumbnail = ({ driveId, item, size = 32 }: FileThumbnailProps) => {
  const token = useAdminToken();
  const box = useRef<HTMLSpanElement>(null);
  const visible = useOnceVisible(box);
  const kind = fileKindOf(item.name, item.mimeType);
  const wanted = hasThumbnailKind(item.name, item.mimeType);
  const path = thumbnailPath(driveId, item.remoteId, item.cTag);
  const [url, setUrl] = useState<string | null>(() => knownThumbnail(path) ?? null);

  useEffect(() => {
    setUrl(knownThumbnail(path) ?? null);
    if (!visible || !wanted) return undefined;
    let live = true;
    void loadThumbnail(token, path).then((loaded) => {
      if (live) setUrl(loaded);
    });
    return () => {
      live = false;
    };
  }, [visible, wanted, path, token]);

  return (
    <span
      ref={box}
      data-thumbnail={url ? 'image' : 'placeholder'}
      data-kind={kind}
      style={{
        width: size,
        height: size,
        flex: 'none',
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        borderRadius: 4,
        overflow: 'hidden',
      }}
    >
      {url ? (
        <img
          src={url}
          alt=""
          width={size}
          height={size}
          style={{ objectFit: 'cover', display: 'block' }}
        />
      ) : (
        <FileKindIcon kind={kind} size={Math.round(size * 0.75)} />
      )}
    </span>
  );
};
