import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { DriveListPage } from './MyFiles/DriveListPage';
import { DriveViewPage } from './MyFiles/drive/DriveViewPage';
import { READ_PERMISSIONS } from '../permissions';

/** The plugin's own routes under /admin/plugins/external-drives. */
const App = () => (
  <Page.Protect permissions={READ_PERMISSIONS}>
    <Routes>
      <Route index element={<DriveListPage />} />
      <Route path="drives/:driveId" element={<DriveViewPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
