import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Drive } from '../../../api/types';
import { useT } from '../../../hooks/useT';
import { describeSignInFailure } from './describeSignInFailure';
import { readSignInReturn, takePendingSignIn, withoutSignInReturn } from './signInReturn';

/**
 * My Files after Microsoft's sign-in: the callback's outcome becomes a notification, a new drive
 * opens, or (SharePoint) the library picker opens for the signed-in account. The callback's
 * parameters are then removed from the address, so a reload or a shared link replays nothing.
 */
export const useSignInReturn = () => {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const [pickingAccountId, setPickingAccountId] = useState<number | null>(null);
  const handled = useRef<string | null>(null);

  const openDrive = useCallback((driveId: number) => navigate(`drives/${driveId}`), [navigate]);

  useEffect(() => {
    const result = readSignInReturn(location.search);
    // Effects may run twice for one address (React's strict mode): handle it once.
    if (!result || handled.current === location.search) return;
    handled.current = location.search;
    const pending = takePendingSignIn();
    navigate(
      { pathname: location.pathname, search: withoutSignInReturn(location.search) },
      { replace: true }
    );

    if (result.outcome === 'error') {
      const failure = describeSignInFailure(t, result.code, result.reason);
      toggleNotification({ type: 'danger', title: failure.title, message: failure.nextStep });
      return;
    }
    const reconnectDriveId = pending?.reconnectDriveId;
    if (reconnectDriveId !== undefined || result.outcome === 'connected') {
      toggleNotification(
        reconnectDriveId !== undefined
          ? {
              type: 'success',
              title: t('signIn.reconnected', 'Signed in again'),
              message: t(
                'signIn.reconnectedBody',
                'The drive syncs again; what it had synced was kept.'
              ),
            }
          : {
              type: 'success',
              title: t('signIn.connected', 'Drive connected'),
              message: t(
                'signIn.connectedBody',
                'Its first sync has started: files appear as it runs.'
              ),
            }
      );
      openDrive(result.outcome === 'connected' ? result.driveId : reconnectDriveId!);
      return;
    }
    // A SharePoint sign-in: the user picks the library next, with that account.
    setPickingAccountId(result.accountId);
  }, [location.pathname, location.search, navigate, openDrive, t, toggleNotification]);

  /** The library picker saved a drive: say so and open it. */
  const libraryAdded = useCallback(
    (drive: Drive) => {
      setPickingAccountId(null);
      toggleNotification({
        type: 'success',
        title: t('signIn.connected', 'Drive connected'),
        message: t('signIn.connectedBody', 'Its first sync has started: files appear as it runs.'),
      });
      openDrive(drive.id);
    },
    [openDrive, t, toggleNotification]
  );

  return { pickingAccountId, setPickingAccountId, libraryAdded };
};
