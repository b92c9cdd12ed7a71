// Test-mode outbox: the emails the app would have sent (no mail leaves this machine). Shown
// outside production, or with EMAIL_OUTBOX=on; a 404 otherwise, since it reveals every
// recipient's links.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { outboxEnabled, outboxMessages } from "@/lib/auth/email-verification-outbox";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outbox (test mode)", robots: { index: false, follow: false } };

const LINK = /https?:\/\/[^\s]+/;

export default function OutboxPage() {
  if (!outboxEnabled()) notFound();
  const messages = outboxMessages();
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-xl font-semibold tracking-tight text-zinc-50">Outbox (test mode)</h1>
      <p className="mt-1.5 text-sm text-zinc-400">
        Emails this server would have sent, newest first. Kept in memory: a restart empties it.
      </p>
      {messages.length === 0 ? <p className="mt-8 text-sm text-zinc-400">No emails yet.</p> : null}
      <ol className="mt-6 flex flex-col gap-4">
        {messages.map((m) => {
          const link = LINK.exec(m.text)?.[0];
          return (
            <li key={m.id} className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4" data-testid="outbox-message">
              <p className="text-sm text-zinc-400">
                To <span className="font-medium text-zinc-200">{m.to}</span> · {m.sentAt.toISOString()}
              </p>
              <h2 className="mt-1 font-medium text-zinc-100">{m.subject}</h2>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-zinc-300">{m.text}</pre>
              {link ? (
                <a href={link} className="mt-3 inline-block text-sm font-medium text-brand-400 hover:text-brand-300">
                  Open the link
                </a>
              ) : null}
            </li>
          );
        })}
      </ol>
    </main>
  );
}
