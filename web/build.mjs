// Build the page into eventwire/server/static/ (committed there, so pip users need no npm).
//   npm ci && npm run build          write the assets
//   npm run check                    fail if the committed assets differ from a fresh build
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "eventwire", "server", "static");
const check = process.argv.includes("--check");

const result = await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: true,
  legalComments: "none",
  write: false,
  charset: "utf8",
});
const files = {
  "app.js": result.outputFiles[0].text,
  "app.css": ["app.css", "brief.css"].map((name) => readFileSync(join(here, "src", name), "utf8")).join("\n"),
  "index.html": readFileSync(join(here, "src", "index.html"), "utf8"),
  "favicon.svg": readFileSync(join(here, "src", "favicon.svg"), "utf8"),
};
// Licences of the bundled npm packages travel with the bundle.
const notices = ["Third-party code bundled into app.js:\n"];
for (const name of readdirSync(join(here, "node_modules")).filter((n) => n.startsWith("d3-")).sort()) {
  const pkg = JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8"));
  const licence = readFileSync(join(here, "node_modules", name, "LICENSE"), "utf8");
  notices.push(`== ${pkg.name} ${pkg.version} (${pkg.license}) ==\n${licence.trim()}\n`);
}
files["THIRD_PARTY.txt"] = notices.join("\n");

if (check) {
  const stale = Object.entries(files).filter(([name, text]) => {
    try {
      return readFileSync(join(out, name), "utf8") !== text;
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(`stale built assets: ${stale.map(([n]) => n).join(", ")} (run: npm run build)`);
    process.exit(1);
  }
  console.log("built assets are up to date");
} else {
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  console.log(`wrote ${Object.keys(files).join(", ")} to ${out}`);
}
