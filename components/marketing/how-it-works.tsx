import { ButtonLink } from "@/components/ui/button";

const steps = [
  { title: "Create an account", body: "Sign up with your email. Free credits land in your balance right away." },
  { title: "Create an API key", body: "Name it, copy it once, keep it in an environment variable." },
  { title: "Point your SDK at Switchyard", body: "Set the base URL and call any model in the catalog." },
];

export function HowItWorks() {
  return (
    <section id="how-it-works" aria-labelledby="how-heading" className="mx-auto scroll-mt-20 max-w-6xl px-4 py-20 sm:px-6">
      <h2 id="how-heading" className="text-3xl font-semibold tracking-tight text-zinc-50">
        Live in three minutes
      </h2>
      <ol className="mt-10 grid gap-6 md:grid-cols-3">
        {steps.map((s, i) => (
          <li key={s.title} className="rounded-xl border border-line bg-surface p-6">
            <span className="flex size-8 items-center justify-center rounded-full bg-brand-500 text-sm font-semibold text-zinc-950">
              {i + 1}
            </span>
            <h3 className="mt-4 font-semibold text-zinc-100">{s.title}</h3>
            <p className="mt-2 text-sm text-zinc-400">{s.body}</p>
          </li>
        ))}
      </ol>
      <div className="mt-14 flex flex-col items-start justify-between gap-6 rounded-2xl border border-brand-500/30 bg-linear-to-br from-brand-950 to-surface p-8 sm:flex-row sm:items-center">
        <div>
          <h2 className="text-xl font-semibold text-zinc-50">Pay only for the tokens you use</h2>
          <p className="mt-1 text-sm text-zinc-400">
            No subscription. Catalog prices per model, visible before you call.
          </p>
        </div>
        <div className="flex flex-wrap gap-3">
          <ButtonLink href="/signup">Create account</ButtonLink>
          <ButtonLink href="/models" variant="ghost">
            Browse models and prices
          </ButtonLink>
        </div>
      </div>
    </section>
  );
}
