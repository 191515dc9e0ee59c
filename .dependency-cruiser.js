/**
 * The import rules of the tree, checked by `npm run lint` (dependency-cruiser, which reads the
 * TypeScript sources, type-only imports included).
 *
 * `provider/` is in layers, each a folder; a layer may import the layers before it in LAYERS and
 * none after it:
 *   model       the install summary, its inputs, diff and state: pure (no I/O, no package)
 *   log         log lines and redaction
 *   auth        credentials and sign-in
 *   graph       the Graph client: knows Graph, nothing of Pulumi
 *   operations  create, read, update, delete over a Graph client interface
 *   config      the configuration keys and the settings they resolve to
 *   session     what one process running the provider shares: the session, its lifetime, the package's facts
 * Above the layers are the places where code runs, each a folder that may import every layer and
 * no other place, but for the program, which hands Pulumi the dynamic provider's module:
 *   host        Pulumi's dynamic-provider host: the dynamic provider
 *   plugin      the provider plugin pulumi-resource-intune: a ResourceProvider gRPC server, its schema
 *   program     the user's Pulumi program: the resource class, the serialized provider, the app lookups
 *   cli         the command installed with the package: export
 * and `provider/index.ts`, the package's entry, sits above them all.
 */
const LAYERS = ["model", "log", "auth", "graph", "operations", "config", "session"];
const PLACES = ["host", "plugin", "program", "cli"];
/** The one import between places: the resource class gives the dynamic resource the host's module. */
const PLACE_IMPORTS = { program: ["host"] };

const upward = LAYERS.map((layer, i) => ({
    name: `no-upward-from-${layer}`,
    comment: `provider/${layer}/ may import only ${LAYERS.slice(0, i).join(", ") || "itself"}`,
    severity: "error",
    from: { path: `^provider/${layer}/` },
    to: { path: `^provider/(${[...LAYERS.slice(i + 1), ...PLACES].join("|")})/` },
}));

const sideways = PLACES.map((place) => ({
    name: `no-place-from-${place}`,
    comment: `provider/${place}/ is a place where code runs: it imports the layers, never another place`,
    severity: "error",
    from: { path: `^provider/${place}/` },
    to: { path: `^provider/(${PLACES.filter((p) => p !== place && !(PLACE_IMPORTS[place] ?? []).includes(p)).join("|")})/` },
}));

module.exports = {
    forbidden: [
        ...upward,
        ...sideways,
        {
            name: "no-import-of-the-entry",
            comment: "provider/index.ts is the package's entry: nothing inside the package imports it",
            severity: "error",
            from: { path: "^provider/" },
            to: { path: "^provider/index\\.ts$" },
        },
        {
            name: "model-is-pure",
            comment: "provider/model/ does no I/O and needs no package: it imports nothing but itself",
            severity: "error",
            from: { path: "^provider/model/" },
            to: { dependencyTypesNot: ["local"] },
        },
        {
            name: "pulumi-only-in-places",
            comment: "only the places where Pulumi runs the code know Pulumi's SDK",
            severity: "error",
            from: { path: "^provider/", pathNot: `^provider/(${PLACES.join("|")})/` },
            to: { path: "@pulumi/pulumi" },
        },
        {
            name: "provider-stands-alone",
            comment: "the package does not import the emulator, the engine stand-in, the scripts or the tests",
            severity: "error",
            from: { path: "^provider/" },
            to: { path: "^(emulator|engine|scripts|test)/" },
        },
        {
            name: "emulator-stands-alone",
            comment: "the emulator is its own package with its own description of Graph: it imports nothing of the provider or the repository",
            severity: "error",
            from: { path: "^emulator/" },
            to: { path: "^(provider|engine|scripts|test)/" },
        },
        {
            name: "no-circular",
            comment: "no import cycle anywhere",
            severity: "error",
            from: { path: "^(provider|emulator|engine|scripts|test)/" },
            to: { circular: true },
        },
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "^(dist|examples)/" },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
    },
};
