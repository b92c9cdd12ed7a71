// The docs' table of contents: sticky beside the text from lg up, a folded list above it on
// smaller screens. One list of anchors (DOCS_TOC) feeds both and the page's sections.

export type TocEntry = { id: string; title: string; children?: Array<{ id: string; title: string }> };

export const DOCS_TOC: TocEntry[] = [
  { id: "quick-start", title: "Quick start" },
  { id: "authentication", title: "Authentication" },
  {
    id: "endpoints", title: "Endpoints", children: [
      { id: "chat-completions", title: "Chat completions" },
      { id: "messages", title: "Messages (Anthropic)" },
      { id: "responses", title: "Responses" },
      { id: "embeddings", title: "Embeddings" },
      { id: "models", title: "Models" },
      { id: "credits", title: "Credits" },
      { id: "usage", title: "Usage" },
      { id: "requests", title: "Requests (logs)" },
      { id: "keys", title: "Key management" },
    ],
  },
  { id: "fallbacks", title: "Fallbacks and routing" },
  {
    id: "orchestration", title: "Orchestration", children: [
      { id: "orchestration-chat", title: "Chat (Mesh, auto)" },
      { id: "orchestration-compare", title: "Compare" },
      { id: "orchestration-blend", title: "Blend" },
      { id: "orchestration-judge", title: "Judge" },
    ],
  },
  { id: "test-mode", title: "Test mode" },
  { id: "errors", title: "Errors" },
  { id: "limits", title: "Limits" },
  { id: "billing", title: "Billing" },
];

const link = "block rounded-md px-2 py-1 text-zinc-400 hover:bg-white/[0.04] hover:text-zinc-100";

function TocList() {
  return (
    <ul className="flex flex-col gap-0.5 text-sm">
      {DOCS_TOC.map((e) => (
        <li key={e.id}>
          <a href={`#${e.id}`} className={`${link} font-medium text-zinc-300`}>{e.title}</a>
          {e.children ? (
            <ul className="ml-3 border-l border-line pl-2">
              {e.children.map((c) => (
                <li key={c.id}><a href={`#${c.id}`} className={link}>{c.title}</a></li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function DocsToc() {
  return (
    <>
      <nav aria-label="Documentation" className="sticky top-24 hidden max-h-[calc(100dvh-7rem)] overflow-y-auto pr-2 lg:block">
        <p className="px-2 pb-2 text-xs font-semibold tracking-wide text-zinc-300 uppercase">On this page</p>
        <TocList />
      </nav>
      <details className="mb-8 rounded-xl border border-line bg-surface lg:hidden">
        <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-zinc-200">Contents</summary>
        <nav aria-label="Documentation contents" className="border-t border-line px-2 py-3">
          <TocList />
        </nav>
      </details>
    </>
  );
}
