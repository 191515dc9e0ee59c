import { packageFile } from "../provider/host/packageInfo";

/** Where the emulator's manual is on this machine: the package ships docs/emulator.md, and messages name it by this path. */
export const EMULATOR_MANUAL = packageFile("docs/emulator.md");
