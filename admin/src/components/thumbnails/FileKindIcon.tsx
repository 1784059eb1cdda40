import { File, FilePdf, FileXls, FileZip, Image } from '@strapi/icons';
import type { FileKind } from '../../../../shared/thumbnails';

/** A colour per kind, as Microsoft 365 marks its documents, so the placeholder says what it is. */
const COLOURS: Record<FileKind, string> = {
  image: '#00897b',
  pdf: '#c62828',
  word: '#2b579a',
  excel: '#217346',
  powerpoint: '#d24726',
  video: '#6a1b9a',
  audio: '#ad1457',
  archive: '#8d6e63',
  text: '#616161',
  other: '#8e8ea9',
};

const ICONS: Partial<Record<FileKind, typeof File>> = {
  image: Image,
  pdf: FilePdf,
  excel: FileXls,
  archive: FileZip,
};

/** The placeholder of a file without a thumbnail (yet): an icon of its kind, in its colour. */
export const FileKindIcon = ({ kind, size }: { kind: FileKind; size: number }) => {
  const Icon = ICONS[kind] ?? File;
  return <Icon aria-hidden width={size} height={size} fill={COLOURS[kind]} />;
};
