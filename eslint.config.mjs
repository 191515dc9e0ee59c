// ESLint flat config: typescript-eslint's recommended rules for the TypeScript sources, with type
// information (the project service reads the tsconfig.json nearest to each file), so that the
// type-aware rules below see what a promise, a type assertion or a stringified object is.
// Formatting is Prettier's job (eslint-config-prettier turns off the rules that would disagree).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/**", "emulator/dist/**", "node_modules/**", "scratch/**", "examples/*/node_modules/**", "reports/**", ".stryker-tmp/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
            // A promise nobody awaits loses its rejection; one passed where a callback's result is ignored
            // (an event handler, forEach) runs unobserved.
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/await-thenable": "error",
            // "[object Object]" in a message or a key.
            "@typescript-eslint/no-base-to-string": "error",
            "@typescript-eslint/no-unnecessary-type-assertion": "error",
        },
    },
    {
        files: ["**/*.js"],
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    prettier,
);
