// Convert a .bib file with citation-js: node citationjs_convert.js INPUT.bib csl-json|bibtex
// The result goes to stdout, as a command-line user would get it.
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-csl");

const [input, target] = process.argv.slice(2);
const cite = new Cite(fs.readFileSync(input, "utf8"), { forceType: "@bibtex/text" });
const out = target === "bibtex" ? cite.format("bibtex") : cite.format("data", { format: "text" });
process.stdout.write(out);
