// ESLint over the site's JavaScript and its tests: `node_modules/.bin/eslint docs/javascripts tests/js
// tests/search_reference.js eslint.config.js`. The site's scripts are ES modules, but for the three
// a page loads as classic scripts (cite.js, abstracts.js, math.js: generator/templates).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["docs/javascripts/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
  },
  {
    files: ["docs/javascripts/cite.js", "docs/javascripts/abstracts.js", "docs/javascripts/math.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["tests/js/**/*.mjs", "tests/search_reference.js", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
];
