import {
  Box,
  Button,
  Field,
  Flex,
  Radio,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FolderListing } from '../../../shared/contracts/folders';
import type { LibrarySummary, SiteSummary } from '../api/types';
import { LibraryFolderChoice, type FolderSelection } from './LibraryFolderChoice';
import { useReportError } from '../hooks/useReportError';
import { useT } from '../hooks/useT';

/**
 * Where sites and libraries come from: the app's own access (platform drives, Settings) or the
 * signed-in Microsoft account of the user (personal SharePoint libraries).
 */
export interface SiteSource {
  search(text: string): Promise<SiteSummary[]>;
  byUrl(url: string): Promise<SiteSummary[]>;
  libraries(siteId: string): Promise<LibrarySummary[]>;
  /** Search cannot work (the app holds Sites.Selected): open on Site URL and say why. */
  urlFirst?: boolean;
  /** One level of a library's folders: offered, the drive may follow one folder of the library. */
  folders?(siteId: string, libraryId: string, parentId?: string): Promise<FolderListing>;
}

export interface LibraryChoice {
  site: SiteSummary;
  libraryId: string;
  /** The drive's name in Strapi, "Site — Library" unless the user typed another. */
  name: string;
  /** One folder of the library instead of all of it: by id (browsed) or URL (pasted). */
  folderId?: string;
  folderUrl?: string;
}

interface SiteLibraryPickerProps {
  source: SiteSource;
  onChange(choice: LibraryChoice | null): void;
}

const defaultName = (site: SiteSummary, library: LibrarySummary | undefined) =>
  library ? `${site.name} — ${library.name}` : site.name;

/**
 * Finds a SharePoint site by name or by its URL (the only way under Sites.Selected), then picks
 * one of its document libraries and the name the drive gets in Strapi.
 */
export const SiteLibraryPicker = ({ source, onChange }: SiteLibraryPickerProps) => {
  const t = useT();
  const reportError = useReportError();
  const [mode, setMode] = useState<'search' | 'url'>(source.urlFirst ? 'url' : 'search');
  // Known up front (the app's permissions) or learnt from a refused search.
  const [searchRefused, setSearchRefused] = useState(Boolean(source.urlFirst));
  const [text, setText] = useState('');
  const [sites, setSites] = useState<SiteSummary[] | null>(null);
  const [site, setSite] = useState<SiteSummary | null>(null);
  const [libraries, setLibraries] = useState<LibrarySummary[]>([]);
  const [libraryId, setLibraryId] = useState('');
  const [name, setName] = useState('');
  const [isFinding, setIsFinding] = useState(false);
  const [folder, setFolder] = useState<FolderSelection>({ kind: 'library' });

  useEffect(() => {
    const scope =
      folder.kind === 'browse'
        ? { folderId: folder.folderId }
        : folder.kind === 'url' && folder.folderUrl
          ? { folderUrl: folder.folderUrl }
          : {};
    onChange(site && libraryId ? { site, libraryId, name, ...scope } : null);
  }, [site, libraryId, name, folder, onChange]);
  const listFolders = useCallback(
    (parentId?: string) => source.folders!(site!.id, libraryId, parentId),
    [source, site, libraryId]
  );
  const library = libraries.find((entry) => entry.id === libraryId);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    // The form may sit inside another form (a modal's), which must not submit.
    event.stopPropagation();
    if (!text.trim()) return;
    setIsFinding(true);
    setSite(null);
    setLibraryId('');
    try {
      const found =
        mode === 'url' ? await source.byUrl(text.trim()) : await source.search(text.trim());
      if (mode === 'url' && found.length === 1) await pick(found[0]);
      else setSites(found);
    } catch (error) {
      if (reportError(error).code === 'siteSearchNotAllowed') {
        setSearchRefused(true);
        setMode('url');
      }
    } finally {
      setIsFinding(false);
    }
  };

  const pick = async (chosen: SiteSummary) => {
    setSite(chosen);
    setSites(null);
    try {
      const found = await source.libraries(chosen.id);
      setLibraries(found);
      setLibraryId(found[0]?.id ?? '');
      setName(defaultName(chosen, found[0]));
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      <form onSubmit={(event) => void find(event)}>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Radio.Group
            value={mode}
            onValueChange={(value: string) => setMode(value as 'search' | 'url')}
            aria-label={t('sitePicker.findBy', 'Find the site by')}
            style={{ display: 'flex', flexDirection: 'row', gap: '1.6rem' }}
          >
            <Radio.Item value="search">{t('sitePicker.bySearch', 'Search')}</Radio.Item>
            <Radio.Item value="url">{t('sitePicker.byUrl', 'Site URL')}</Radio.Item>
          </Radio.Group>
          {searchRefused && mode === 'url' && (
            <Typography textColor="neutral600" data-search-refused>
              {t(
                'sitePicker.searchNotAllowed',
                'This app is granted chosen sites only (Sites.Selected), so it cannot search for sites. Paste the site’s URL, e.g. https://contoso.sharepoint.com/sites/Intranet'
              )}
            </Typography>
          )}
          <Flex gap={2} alignItems="flex-end">
            <Box flex="1">
              <Field.Root name="site">
                <Field.Label>
                  {mode === 'url'
                    ? t('sitePicker.url', 'SharePoint site URL')
                    : t('sitePicker.search', 'Site name')}
                </Field.Label>
                <TextInput
                  value={text}
                  placeholder={
                    mode === 'url' ? 'https://contoso.sharepoint.com/sites/Marketing' : ''
                  }
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setText(event.target.value)
                  }
                />
              </Field.Root>
            </Box>
            <Button type="submit" variant="secondary" startIcon={<Search />} loading={isFinding}>
              {t('sitePicker.find', 'Find')}
            </Button>
          </Flex>
        </Flex>
      </form>
      {sites && (
        <Box>
          {sites.length === 0 ? (
            <Typography textColor="neutral600">
              {t('sitePicker.noSite', 'No site found')}
            </Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
              {sites.map((candidate) => (
                <li key={candidate.id}>
                  <Button
                    variant="ghost"
                    fullWidth
                    onClick={() => void pick(candidate)}
                    style={{ justifyContent: 'flex-start' }}
                  >
                    {candidate.name}
                    {candidate.webUrl ? ` — ${candidate.webUrl}` : ''}
                  </Button>
                </li>
              ))}
            </Flex>
          )}
        </Box>
      )}
      {site && (
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography fontWeight="bold">
            {t('sitePicker.site', 'Site: {name}', { name: site.name })}
          </Typography>
          <Field.Root name="library" required>
            <Field.Label>{t('sitePicker.library', 'Document library')}</Field.Label>
            <SingleSelect
              value={libraryId}
              placeholder={t('sitePicker.noLibrary', 'This site has no document library')}
              disabled={libraries.length === 0}
              onChange={(value: string | number) => {
                const library = libraries.find((entry) => entry.id === String(value));
                setLibraryId(String(value));
                setName(defaultName(site, library));
              }}
            >
              {libraries.map((library) => (
                <SingleSelectOption key={library.id} value={library.id}>
                  {library.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          {source.folders && library && (
            <LibraryFolderChoice
              // A new library starts again from the whole library.
              key={library.id}
              libraryName={library.name}
              folders={listFolders}
              onChange={setFolder}
            />
          )}
          <Field.Root name="name">
            <Field.Label>{t('sitePicker.name', 'Name in Strapi')}</Field.Label>
            <TextInput
              value={name}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setName(event.target.value)}
            />
          </Field.Root>
        </Flex>
      )}
    </Flex>
  );
};
