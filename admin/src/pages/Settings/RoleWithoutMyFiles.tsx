import { Flex, Link, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useHref } from 'react-router-dom';
import type { AdminRole } from '../../api/types';
import { useT } from '../../hooks/useT';

/**
 * Said under a role lacking the plugin's "Use My Files": a drive granted to it shows its users
 * nothing until the role gets that permission, in Strapi's own Roles settings. The link opens the
 * role's page in a new tab, so the drive being edited here is not lost.
 */
export const RoleWithoutMyFiles = ({ role }: { role: AdminRole }) => {
  const t = useT();
  // Through the router, so the admin panel's own base path (admin.url) is kept.
  const href = useHref(`/settings/roles/${role.id}`);
  return (
    <Flex gap={2} alignItems="flex-start" data-role-warning={role.name}>
      <WarningCircle fill="warning600" aria-hidden />
      <Typography variant="pi" textColor="warning700">
        {t(
          'roles.noMyFiles',
          'This role lacks the “Use My Files” permission: its users see no drive until it has it.'
        )}{' '}
        <Link href={href} isExternal>
          {t('roles.noMyFiles.link', 'Give {role} “Use My Files”', { role: role.name })}
        </Link>
      </Typography>
    </Flex>
  );
};
