/**
 * Lint, run by `npm test` (`npm run lint`): TypeScript's recommended rules,
 * React's rules of hooks, and the accessibility rules for JSX that officials
 * using a keyboard or a screen reader depend on. Formatting is Prettier's
 * business (`npm run format`), not the linter's.
 */
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      ".cache/",
      "node_modules/",
      "test-results/",
      "playwright-report/",
      "bench/floor/build/",
      "bench/floor/public/",
      "bench/floor/.cache/",
      "data/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // Unused names with a leading underscore are deliberate (a parameter a signature needs).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  { files: ["app/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    // Migrations take Kysely<any> (they never import the app's current types); tests read loader data loosely.
    files: ["db/migrations/**", "tests/**", "bench/**", "scripts/**", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
  // Playwright reads the fixtures a test wants from its first parameter's pattern: `{}` asks for none.
  { files: ["tests/e2e/**"], rules: { "no-empty-pattern": "off" } },
);
