import { Flex, Grid, IconButton, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useState } from 'react';
import { useSite } from '../../api/resources/settings';
import type { SiteSummary } from '../../api/types';
import { useT } from '../../hooks/useT';
import { AllowedSiteFinder } from './AllowedSiteFinder';

interface AllowedSitesFieldProps {
  value: string[];
  onChange(value: string[]): void;
  canUpdate: boolean;
  /** Finding and naming sites are drive managers' routes: without them, the ids are shown. */
  canFindSites: boolean;
}

interface AllowedSiteProps {
  siteId: string;
  /** Known from the search or URL it was added by: no lookup needed. */
  known?: SiteSummary;
  canFindSites: boolean;
  onRemove?(): void;
}

/** One allowed site, by its name: the settings store its id only, so it is looked up. */
const AllowedSite = ({ siteId, known, canFindSites, onRemove }: AllowedSiteProps) => {
  const t = useT();
  const looked = useSite(siteId, { skip: Boolean(known) || !canFindSites });
  const site = known ?? looked.data;
  const name =
    site?.name ??
    (looked.isError
      ? t('allowedSites.unreadable', 'A site the app cannot read ({id})', { id: siteId })
      : siteId);
  return (
    <Flex tag="li" justifyContent="space-between" gap={4} data-site={siteId}>
      <Flex direction="column" alignItems="flex-start">
        <Typography fontWeight="semiBold">{name}</Typography>
        {site?.webUrl && (
          <Typography variant="pi" textColor="neutral600">
            {site.webUrl}
          </Typography>
        )}
      </Flex>
      {onRemove && (
        <IconButton
          variant="ghost"
          label={t('allowedSites.remove', 'Remove {name}', { name: site?.name ?? siteId })}
          onClick={onRemove}
        >
          <Trash />
        </IconButton>
      )}
    </Flex>
  );
};

/**
 * "Allowed sites" of personal connections: the SharePoint sites users may connect libraries of.
 * An empty list allows any site a user can reach (as the server decides it); a subsite is a site
 * of its own and must be added itself. Saved with the rest of the settings.
 */
export const AllowedSitesField = ({
  value,
  onChange,
  canUpdate,
  canFindSites,
}: AllowedSitesFieldProps) => {
  const t = useT();
  const [known, setKnown] = useState<Record<string, SiteSummary>>({});
  const add = (site: SiteSummary) => {
    setKnown((current) => ({ ...current, [site.id]: site }));
    if (!value.includes(site.id)) onChange([...value, site.id]);
  };

  return (
    <Grid.Item col={12} direction="column" alignItems="stretch">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="pi" fontWeight="bold" tag="h3">
            {t('allowedSites.label', 'Allowed sites for personal connections')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'allowedSites.hint',
              'Users may connect libraries of these SharePoint sites only; with none listed, of any site they can reach. A subsite is not included in its parent site: add it itself.'
            )}
          </Typography>
        </Flex>
        {value.length === 0 ? (
          <Typography textColor="neutral600">
            {t('allowedSites.any', 'Any site users can reach')}
          </Typography>
        ) : (
          <Flex
            direction="column"
            alignItems="stretch"
            gap={2}
            tag="ul"
            aria-label={t('allowedSites.list', 'Allowed sites')}
          >
            {value.map((siteId) => (
              <AllowedSite
                key={siteId}
                siteId={siteId}
                known={known[siteId]}
                canFindSites={canFindSites}
                onRemove={
                  canUpdate ? () => onChange(value.filter((id) => id !== siteId)) : undefined
                }
              />
            ))}
          </Flex>
        )}
        {canUpdate && canFindSites && <AllowedSiteFinder allowed={value} onAdd={add} />}
      </Flex>
    </Grid.Item>
  );
};
