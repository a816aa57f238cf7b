// The site's scripts as Node imports them: docs/javascripts/, with the constants module the build
// writes there (generator/js_constants.py) made now, so that the tests import what the site ships.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VENV_PYTHON = path.join(REPO, ".venv/bin/python");
let written = false;

// The file URL of one of the site's scripts, for import().
export function siteScripts(name) {
  if (!written) {
    const python = process.env.PYTHON || (existsSync(VENV_PYTHON) ? VENV_PYTHON : "python3");
    execFileSync(python, ["-m", "generator.js_constants", path.join(REPO, "docs")], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
    written = true;
  }
  return pathToFileURL(path.join(REPO, "docs/javascripts", name)).href;
}
