import { EmptyStateLayout, Main } from '@strapi/design-system';
import { Cog } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** Settings > External Drives: a placeholder until the integration settings form exists. */
const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const title = formatMessage({
    id: getTranslation('settings.section'),
    defaultMessage: 'External Drives',
  });

  return (
    <Page.Protect
      permissions={[{ action: 'plugin::external-drives.settings.read', subject: null }]}
    >
      <Main>
        <Page.Title>{title}</Page.Title>
        <Layouts.Header
          title={title}
          subtitle={formatMessage({
            id: getTranslation('settings.subtitle'),
            defaultMessage: 'Microsoft 365 integration',
          })}
        />
        <Layouts.Content>
          <EmptyStateLayout
            icon={<Cog width="16rem" height="8rem" />}
            content={formatMessage({
              id: getTranslation('settings.empty'),
              defaultMessage: 'Settings are configured through environment variables for now.',
            })}
          />
        </Layouts.Content>
      </Main>
    </Page.Protect>
  );
};

export default SettingsPage;
