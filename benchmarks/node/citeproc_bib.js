// Render a bibliography with citeproc-js, the CSL processor behind Zotero.
// Input on stdin: {"style": XML, "locales": {"en-US": XML, ...}, "lang": "en-US",
// "items": [CSL-JSON], "format": "text"|"html", "repeat": N}
// Output: {"entries": {id: text}, "order": [ids], "seconds": [per run]}
const CSL = require("citeproc");
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const items = {};
  for (const item of job.items) items[item.id] = item;
  const sys = {
    retrieveLocale: (lang) => job.locales[lang] || job.locales["en-US"],
    retrieveItem: (id) => items[id],
  };
  const seconds = [];
  let result = null;
  for (let run = 0; run < (job.repeat || 1); run++) {
    const start = process.hrtime.bigint();
    // not forced: a style's default-locale (nature: en-GB) wins, as in citeproc-py
    const engine = new CSL.Engine(sys, job.style, job.lang || "en-US", false);
    engine.setOutputFormat(job.format || "text");
    engine.updateItems(job.items.map((i) => i.id));
    result = engine.makeBibliography();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const [params, strings] = result;
  const entries = {};
  params.entry_ids.forEach((ids, n) => { entries[ids[0]] = strings[n]; });
  process.stdout.write(JSON.stringify({ entries, order: params.entry_ids.map((x) => x[0]), seconds }));
});
