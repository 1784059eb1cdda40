import { EmptyStateLayout, Main } from '@strapi/design-system';
import { Folder } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/**
 * "My Files": the place the file browser will live. Until then it says what the plugin does,
 * behind the plugin's read permission.
 */
export const MyFilesPage = () => {
  const { formatMessage } = useIntl();
  const title = formatMessage({ id: getTranslation('menu.myFiles'), defaultMessage: 'My Files' });

  return (
    <Page.Protect permissions={[{ action: 'plugin::external-drives.read', subject: null }]}>
      <Main>
        <Page.Title>{title}</Page.Title>
        <Layouts.Header
          title={title}
          subtitle={formatMessage({
            id: getTranslation('myFiles.subtitle'),
            defaultMessage: 'SharePoint and OneDrive files, synced into Strapi',
          })}
        />
        <Layouts.Content>
          <EmptyStateLayout
            icon={<Folder width="16rem" height="8rem" />}
            content={formatMessage({
              id: getTranslation('myFiles.empty'),
              defaultMessage: 'The file browser is coming soon.',
            })}
          />
        </Layouts.Content>
      </Main>
    </Page.Protect>
  );
};
