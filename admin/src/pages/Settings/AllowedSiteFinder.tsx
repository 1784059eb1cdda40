import { Box, Button, Field, Flex, Radio, TextInput, Typography } from '@strapi/design-system';
import { Plus, Search } from '@strapi/icons';
import { useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useLazySiteByUrl, useLazySiteSearch } from '../../api/resources/settings';
import type { SiteSummary } from '../../api/types';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';

interface AllowedSiteFinderProps {
  /** Ids already allowed: not offered again. */
  allowed: string[];
  onAdd(site: SiteSummary): void;
}

/**
 * Finds a site to allow, by name (needs the app's Sites.Read.All) or by its pasted URL (works under
 * Sites.Selected too). It sits inside the settings form, so it is no form of its own: Enter and
 * the button find, and never submit the settings.
 */
export const AllowedSiteFinder = ({ allowed, onAdd }: AllowedSiteFinderProps) => {
  const t = useT();
  const reportError = useReportError();
  const [searchSites] = useLazySiteSearch();
  const [siteByUrl] = useLazySiteByUrl();
  const [mode, setMode] = useState<'search' | 'url'>('search');
  const [text, setText] = useState('');
  const [found, setFound] = useState<SiteSummary[] | null>(null);
  const [isFinding, setIsFinding] = useState(false);

  const find = async () => {
    if (!text.trim()) return;
    setIsFinding(true);
    setFound(null);
    try {
      if (mode === 'url') {
        onAdd(await siteByUrl(text.trim()).unwrap());
        setText('');
      } else {
        setFound(await searchSites(text.trim()).unwrap());
      }
    } catch (error) {
      reportError(error);
    } finally {
      setIsFinding(false);
    }
  };

  const offered = (found ?? []).filter((site) => !allowed.includes(site.id));

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Radio.Group
        value={mode}
        onValueChange={(value: string) => setMode(value as 'search' | 'url')}
        aria-label={t('allowedSites.findBy', 'Add a site by')}
        style={{ display: 'flex', flexDirection: 'row', gap: '1.6rem' }}
      >
        <Radio.Item value="search">{t('sitePicker.bySearch', 'Search')}</Radio.Item>
        <Radio.Item value="url">{t('sitePicker.byUrl', 'Site URL')}</Radio.Item>
      </Radio.Group>
      <Flex gap={2} alignItems="flex-end">
        <Box flex="1">
          <Field.Root name="allowedSiteFind">
            <Field.Label>
              {mode === 'url'
                ? t('allowedSites.url', 'URL of the site to allow')
                : t('allowedSites.search', 'Name of the site to allow')}
            </Field.Label>
            <TextInput
              value={text}
              placeholder={mode === 'url' ? 'https://contoso.sharepoint.com/sites/Marketing' : ''}
              onChange={(event: ChangeEvent<HTMLInputElement>) => setText(event.target.value)}
              onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
                if (event.key !== 'Enter') return;
                event.preventDefault();
                void find();
              }}
            />
          </Field.Root>
        </Box>
        <Button
          type="button"
          variant="secondary"
          startIcon={mode === 'url' ? <Plus /> : <Search />}
          loading={isFinding}
          onClick={() => void find()}
        >
          {mode === 'url' ? t('allowedSites.add', 'Allow') : t('sitePicker.find', 'Find')}
        </Button>
      </Flex>
      {found &&
        (offered.length === 0 ? (
          <Typography textColor="neutral600">{t('sitePicker.noSite', 'No site found')}</Typography>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
            {offered.map((site) => (
              <li key={site.id}>
                <Button
                  type="button"
                  variant="ghost"
                  startIcon={<Plus />}
                  onClick={() => {
                    onAdd(site);
                    setFound(null);
                  }}
                >
                  {t('allowedSites.allow', 'Allow {name}', { name: site.name })}
                </Button>
              </li>
            ))}
          </Flex>
        ))}
    </Flex>
  );
};
