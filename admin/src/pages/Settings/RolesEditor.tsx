import { Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import type { AdminRole, DriveAccess, DriveRole } from '../../api/types';
import { useT } from '../../hooks/useT';
import { RoleWithoutMyFiles } from './RoleWithoutMyFiles';

type Choice = DriveAccess | 'none';

interface RolesEditorProps {
  roles: AdminRole[];
  value: DriveRole[];
  onChange(value: DriveRole[]): void;
}

/**
 * Per admin role: no access, read-only or read-write to a platform drive; a role that cannot use
 * My Files at all is marked, with the way to its permissions.
 */
export const RolesEditor = ({ roles, value, onChange }: RolesEditorProps) => {
  const t = useT();
  const accessOf = (roleId: number): Choice =>
    value.find((grant) => grant.roleId === roleId)?.access ?? 'none';
  const choose = (roleId: number, choice: Choice) => {
    const others = value.filter((grant) => grant.roleId !== roleId);
    onChange(choice === 'none' ? others : [...others, { roleId, access: choice }]);
  };

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      tag="ul"
      aria-label={t('roles.label', 'Roles')}
    >
      {roles.map((role) => (
        <Flex key={role.id} tag="li" direction="column" alignItems="stretch" gap={1}>
          <Flex justifyContent="space-between" gap={4}>
            <Typography>{role.name}</Typography>
            <SingleSelect
              aria-label={t('roles.accessOf', 'Access of {role}', { role: role.name })}
              value={accessOf(role.id)}
              onChange={(choice: string | number) => choose(role.id, choice as Choice)}
              size="S"
            >
              <SingleSelectOption value="none">{t('roles.none', 'No access')}</SingleSelectOption>
              <SingleSelectOption value="read">{t('roles.read', 'Read only')}</SingleSelectOption>
              <SingleSelectOption value="write">
                {t('roles.write', 'Read and write')}
              </SingleSelectOption>
            </SingleSelect>
          </Flex>
          {!role.canUseMyFiles && <RoleWithoutMyFiles role={role} />}
        </Flex>
      ))}
    </Flex>
  );
};
