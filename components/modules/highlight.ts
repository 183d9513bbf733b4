/*
 * highlight.js core with only the languages a module has (Python, XML, JSON, INI-style config,
 * CSS/JS for static assets): the full bundle is ~1 MB, these are a small part of it.
 */
import hljs from "highlight.js/lib/core";
import css from "highlight.js/lib/languages/css";
import ini from "highlight.js/lib/languages/ini";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import xml from "highlight.js/lib/languages/xml";

hljs.registerLanguage("python", python);
hljs.registerLanguage("xml", xml);
hljs.registerLanguage("json", json);
hljs.registerLanguage("ini", ini);
hljs.registerLanguage("css", css);
hljs.registerLanguage("javascript", javascript);

const byExtension: Record<string, string> = {
  py: "python",
  xml: "xml",
  html: "xml",
  json: "json",
  cfg: "ini",
  conf: "ini",
  ini: "ini",
  css: "css",
  scss: "css",
  js: "javascript",
};

/** The highlight.js language for a path, or null for plain text (CSV, README...). */
export function languageOf(path: string): string | null {
  const extension = path.split(".").pop()?.toLowerCase() ?? "";
  return byExtension[extension] ?? null;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Highlighted HTML (escaped by highlight.js) for the file's text; escaped plain text otherwise. */
export function highlightCode(code: string, path: string): { html: string; language: string | null } {
  const language = languageOf(path);
  if (!language) return { html: escapeHtml(code), language: null };
  return { html: hljs.highlight(code, { language, ignoreIllegals: true }).value, language };
}
