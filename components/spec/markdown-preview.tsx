import type { Components } from "react-markdown";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { memo } from "react";
import { cn } from "@/lib/utils";

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^https?:/i;

/**
 * Only web and mail links survive (plus in-page anchors); `javascript:`, `data:`, `vbscript:` and
 * protocol-relative tricks become plain text. Control characters and whitespace are stripped
 * first, as browsers do, so `java\tscript:` cannot slip through.
 */
export function safeLinkUrl(url: string): string | null {
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (cleaned.startsWith("#")) return cleaned;
  return SAFE_LINK.test(cleaned) ? cleaned : null;
}

export function safeImageUrl(url: string): string | null {
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  return SAFE_IMAGE.test(cleaned) ? cleaned : null;
}

/** Tailwind typography by hand (no typography plugin): headings, lists, tables, code, quotes. */
const components: Components = {
  h1: ({ node: _n, ...props }) => <h1 className="mt-6 mb-3 text-2xl font-semibold tracking-tight first:mt-0" {...props} />,
  h2: ({ node: _n, ...props }) => <h2 className="mt-6 mb-2 border-b pb-1 text-xl font-semibold tracking-tight first:mt-0" {...props} />,
  h3: ({ node: _n, ...props }) => <h3 className="mt-5 mb-2 text-lg font-semibold first:mt-0" {...props} />,
  h4: ({ node: _n, ...props }) => <h4 className="mt-4 mb-1 font-semibold first:mt-0" {...props} />,
  h5: ({ node: _n, ...props }) => <h5 className="mt-3 mb-1 text-sm font-semibold" {...props} />,
  h6: ({ node: _n, ...props }) => <h6 className="text-muted-foreground mt-3 mb-1 text-sm font-semibold" {...props} />,
  p: ({ node: _n, ...props }) => <p className="my-3 leading-7 first:mt-0 last:mb-0" {...props} />,
  ul: ({ node: _n, className, ...props }) => (
    <ul className={cn("my-3 ml-6 list-disc space-y-1 [&_ul]:my-1", className?.includes("contains-task-list") && "ml-0 list-none")} {...props} />
  ),
  ol: ({ node: _n, ...props }) => <ol className="my-3 ml-6 list-decimal space-y-1 [&_ol]:my-1" {...props} />,
  li: ({ node: _n, className, ...props }) => (
    <li className={cn("leading-7", className?.includes("task-list-item") && "flex items-start gap-2 [&>input]:mt-2")} {...props} />
  ),
  blockquote: ({ node: _n, ...props }) => <blockquote className="text-muted-foreground my-4 border-l-4 pl-4 italic" {...props} />,
  hr: ({ node: _n, ...props }) => <hr className="my-6" {...props} />,
  table: ({ node: _n, ...props }) => (
    <div className="my-4 overflow-x-auto rounded-md border">
      <table className="w-full border-collapse text-sm" {...props} />
    </div>
  ),
  thead: ({ node: _n, ...props }) => <thead className="bg-muted/60" {...props} />,
  tr: ({ node: _n, ...props }) => <tr className="border-b last:border-b-0" {...props} />,
  th: ({ node: _n, ...props }) => <th className="px-3 py-2 text-left font-semibold" {...props} />,
  td: ({ node: _n, ...props }) => <td className="px-3 py-2 align-top" {...props} />,
  pre: ({ node: _n, ...props }) => <pre className="bg-muted my-4 overflow-x-auto rounded-md p-3 text-xs leading-relaxed [&>code]:bg-transparent [&>code]:p-0" {...props} />,
  code: ({ node: _n, className, ...props }) => (
    <code className={cn("bg-muted rounded px-1 py-0.5 font-mono text-[0.85em]", className)} {...props} />
  ),
  strong: ({ node: _n, ...props }) => <strong className="font-semibold" {...props} />,
  a: ({ node: _n, href, children, ...props }) => {
    const safe = href ? safeLinkUrl(href) : null;
    // An unsafe or emptied link keeps its text and loses the link.
    if (!safe) return <span data-unsafe-link="">{children}</span>;
    const external = !safe.startsWith("#");
    return (
      <a
        {...props}
        href={safe}
        className="text-primary underline underline-offset-4 hover:no-underline"
        rel="noreferrer noopener"
        target={external ? "_blank" : undefined}
      >
        {children}
      </a>
    );
  },
  img: ({ node: _n, src, alt, ...props }) => {
    const safe = typeof src === "string" ? safeImageUrl(src) : null;
    if (!safe) return <span className="text-muted-foreground">{alt ? `[${alt}]` : null}</span>;
    // eslint-disable-next-line @next/next/no-img-element -- arbitrary user-provided hosts
    return <img {...props} src={safe} alt={alt ?? ""} className="my-3 max-w-full rounded-md" loading="lazy" referrerPolicy="no-referrer" />;
  },
  input: ({ node: _n, ...props }) => <input {...props} disabled className="accent-primary" />,
};

/** Keep react-markdown's own sanitising, then ours: unsafe URLs become "" and the `a` renders text. */
function urlTransform(url: string, key: string): string {
  if (key === "src") return safeImageUrl(url) ?? "";
  return safeLinkUrl(url) ?? "";
}

/**
 * The specification rendered: GitHub-flavoured Markdown, never raw HTML (skipHtml drops it; no
 * rehype-raw), links limited to http/https/mailto.
 */
export const MarkdownPreview = memo(function MarkdownPreview({ markdown, className }: { markdown: string; className?: string }) {
  return (
    <div className={cn("text-sm break-words", className)} data-testid="spec-preview">
      {markdown.trim() ? (
        <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={urlTransform} components={components}>
          {markdown}
        </ReactMarkdown>
      ) : (
        <p className="text-muted-foreground">Nothing to preview yet.</p>
      )}
    </div>
  );
});
