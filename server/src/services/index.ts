import connections from '../connections/service';
import attachments from '../editors/service';
import files from '../files/service';
import graph from '../graph/service';
import notifications from '../notifications/service';
import sync from '../sync/service';
import drives from './drives';
import items from './items';
import sealedValues from './sealed-values';
import settings from './settings';

export default {
  settings,
  graph,
  drives,
  items,
  sync,
  files,
  connections,
  notifications,
  attachments,
  sealedValues,
};
