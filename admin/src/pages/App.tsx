import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { MyFilesPage } from './MyFilesPage';

/** The plugin's own routes under /admin/plugins/external-drives. */
const App = () => (
  <Routes>
    <Route index element={<MyFilesPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
