import files from '../files/service';
import graph from '../graph/service';

export default { graph, files };
