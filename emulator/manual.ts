import * as path from "node:path";

/**
 * Where the emulator's manual is on this machine: the package's README.md, named by the path it
 * has here (in a clone, or in a project's node_modules) so that messages point at a file that
 * exists. The package resolves itself by name (its `exports` allow `./package.json`).
 */
export const EMULATOR_MANUAL = path.join(path.dirname(require.resolve("intune-graph-emulator/package.json")), "README.md");
