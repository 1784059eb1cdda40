import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/src';
import { EMULATOR_DATA_DIR } from '../scripts/lib/paths';

export type { EmulatorInfo, RunningEmulator } from '../emulator/src';

/**
 * Starts the Microsoft 365 emulator on a free port, quietly, with the data folder every test shares
 * (its CA is generated once and reused).
 */
export function startTestEmulator(
  options: Omit<EmulatorOptions, 'port' | 'dataDir' | 'quiet'> = {}
): Promise<RunningEmulator> {
  return startEmulator({ ...options, port: 0, dataDir: EMULATOR_DATA_DIR, quiet: true });
}
