export {
  EMULATOR_DATA_DIR,
  PLAYGROUND_DIR,
  PLAYGROUND_DIST,
  REPO_ROOT,
} from '../../scripts/lib/paths';
